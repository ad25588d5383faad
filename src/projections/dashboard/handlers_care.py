"""Dashboard handlers: patients, episodes, screenings, care plans, follow-ups, recommendations.

Handlers change the batch's rows in memory (`State`) and mark what to derive at its end.
"""

from __future__ import annotations

from typing import Any

from domain.care import EpisodeCare
from domain.episode import PatientEpisode
from domain.patient import Patient, mask_id_number
from projections.dashboard.keys import text_id
from projections.dashboard.refresh import ENDED_STAGES
from projections.dashboard.state import State
from projections.projector import handles_in_memory

E = PatientEpisode
C = EpisodeCare  # care events are declared (and stored) on the base class
STAGE_OF: dict[type, str] = {
    E.ConsultationStarted: "consulting",
    E.Admitted: "admitted",
    E.Discharged: "discharged",
    E.FollowUpStarted: "follow_up",
    E.Closed: "closed",
    E.Cancelled: "cancelled",
}


class CareHandlers:
    @handles_in_memory(Patient.Registered)
    def registered(self, s: State, position: int, event: Patient.Registered) -> None:
        patient_id = text_id(event.originator_id)
        s.registrations.put(
            {
                "patient_id": patient_id,
                "masked_id_number": mask_id_number(event.id_number),
                "registered_at": event.timestamp,
                "name": event.name,
                "sex": event.sex,
                "birth_date": event.birth_date,
                "phone": event.phone,
            }
        )
        s.patients.add(patient_id)

    @handles_in_memory(Patient.ContactChanged)
    def contact_changed(self, s: State, position: int, event: Patient.ContactChanged) -> None:
        s.registrations.change(text_id(event.originator_id), phone=event.phone)

    @handles_in_memory(E.Opened)
    def opened(self, s: State, position: int, event: PatientEpisode.Opened) -> None:
        patient_id = text_id(event.patient_id)
        s.episodes.insert_new(
            {
                "episode_id": text_id(event.originator_id),
                "patient_id": patient_id,
                "department": event.department,
                "stage": "registered",
                "programme": event.programme,
                "condition_code": event.condition_code,
                "risk_tier": None,
                "has_care_plan": False,
                "next_follow_up": None,
                "opened_position": position,
                "opened_at": event.timestamp,
            }
        )
        s.patients.add(patient_id)

    def _episode_changed(self, s: State, episode_id: str, **values: Any) -> None:
        row = s.episodes.change(episode_id, **values) if values else s.episodes.get(episode_id)
        if row is not None:
            s.episodes_touched.add(episode_id)
            s.patients.add(str(row["patient_id"]))

    @handles_in_memory(*STAGE_OF)
    def stage_moved(self, s: State, position: int, event: PatientEpisode.Event) -> None:
        episode_id = text_id(event.originator_id)
        stage = STAGE_OF[next(k for k in type(event).__mro__ if k in STAGE_OF)]
        for follow_up in s.follow_ups.group("episode_id", episode_id):
            s.follow_ups.change(follow_up["follow_up_id"], episode_open=stage not in ENDED_STAGES)
        self._episode_changed(s, episode_id, stage=stage)

    @handles_in_memory(C.ScreeningRecorded)
    def screened(self, s: State, position: int, event: C.ScreeningRecorded) -> None:
        self._episode_changed(s, text_id(event.originator_id), risk_tier=event.tier)

    @handles_in_memory(C.CarePlanSet)
    def care_plan_set(self, s: State, position: int, event: C.CarePlanSet) -> None:
        self._episode_changed(s, text_id(event.originator_id), has_care_plan=True)

    @handles_in_memory(C.FollowUpScheduled)
    def follow_up_scheduled(self, s: State, position: int, event: C.FollowUpScheduled) -> None:
        episode_id = text_id(event.originator_id)
        episode = s.episodes.get(episode_id)
        if episode is None:
            return
        s.follow_ups.insert_new(
            {
                "follow_up_id": text_id(event.follow_up_id),
                "episode_id": episode_id,
                "patient_id": episode["patient_id"],
                "department": episode["department"],
                "due_on": event.due_on,
                "channel": event.channel,
                "assignee": event.assignee,
                "status": "scheduled",
                "episode_open": episode["stage"] not in ENDED_STAGES,
            }
        )
        self._episode_changed(s, episode_id)

    @handles_in_memory(C.FollowUpCompleted, C.FollowUpMissed)
    def follow_up_ended(
        self, s: State, position: int, event: C.FollowUpCompleted | C.FollowUpMissed
    ) -> None:
        status = "completed" if isinstance(event, C.FollowUpCompleted) else "missed"
        s.follow_ups.change(text_id(event.follow_up_id), status=status)
        self._episode_changed(s, text_id(event.originator_id))

    @handles_in_memory(C.PackageRecommended)
    def recommended(self, s: State, position: int, event: C.PackageRecommended) -> None:
        episode = s.episodes.get(text_id(event.originator_id))
        if episode is None:
            return
        package_id = text_id(event.package_id)
        row = {
            "position": position,
            "package_id": package_id,
            "patient_id": episode["patient_id"],
            "episode_id": episode["episode_id"],
            "department": episode["department"],
            "doctor_id": event.doctor_id,
        }
        if s.recommendations.insert_new(row):
            package = s.packages.get(package_id)
            if package is not None:
                s.packages.change(package_id, recommendations=package["recommendations"] + 1)
