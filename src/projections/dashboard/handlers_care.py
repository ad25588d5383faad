"""Dashboard handlers: patients, episodes, screenings, care plans, follow-ups, recommendations."""

from __future__ import annotations

from sqlalchemy import Connection, Table

from domain.care import EpisodeCare
from domain.episode import PatientEpisode
from domain.patient import Patient, mask_id_number
from projections.dashboard.refresh import ENDED_STAGES, refresh_episode, refresh_patient
from projections.dashboard.rows import bump, change, fetch, insert_new, text_id, upsert
from projections.projector import handles

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
    t: dict[str, Table]

    @handles(Patient.Registered)
    def registered(self, conn: Connection, position: int, event: Patient.Registered) -> None:
        upsert(
            conn,
            self.t["dash_registrations"],
            {
                "patient_id": text_id(event.originator_id),
                "masked_id_number": mask_id_number(event.id_number),
                "registered_at": event.timestamp,
            },
            ["patient_id"],
        )

    @handles(E.Opened)
    def opened(self, conn: Connection, position: int, event: PatientEpisode.Opened) -> None:
        patient_id = text_id(event.patient_id)
        upsert(
            conn,
            self.t["dash_episodes"],
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
            },
            ["episode_id"],
            update_columns=[],
        )
        refresh_patient(conn, self.t, patient_id)

    def _episode_changed(self, conn: Connection, episode_id: str, **values: object) -> None:
        episodes = self.t["dash_episodes"]
        if values:
            change(conn, episodes, {"episode_id": episode_id}, **values)
        refresh_episode(conn, self.t, episode_id)
        row = fetch(conn, episodes, episode_id=episode_id)
        if row is not None:
            refresh_patient(conn, self.t, str(row["patient_id"]))

    @handles(*STAGE_OF)
    def stage_moved(self, conn: Connection, position: int, event: PatientEpisode.Event) -> None:
        episode_id = text_id(event.originator_id)
        stage = STAGE_OF[next(k for k in type(event).__mro__ if k in STAGE_OF)]
        change(
            conn,
            self.t["dash_follow_ups"],
            {"episode_id": episode_id},
            episode_open=stage not in ENDED_STAGES,
        )
        self._episode_changed(conn, episode_id, stage=stage)

    @handles(C.ScreeningRecorded)
    def screened(self, conn: Connection, position: int, event: C.ScreeningRecorded) -> None:
        self._episode_changed(conn, text_id(event.originator_id), risk_tier=event.tier)

    @handles(C.CarePlanSet)
    def care_plan_set(self, conn: Connection, position: int, event: C.CarePlanSet) -> None:
        self._episode_changed(conn, text_id(event.originator_id), has_care_plan=True)

    @handles(C.FollowUpScheduled)
    def follow_up_scheduled(
        self, conn: Connection, position: int, event: C.FollowUpScheduled
    ) -> None:
        episode_id = text_id(event.originator_id)
        episode = fetch(conn, self.t["dash_episodes"], episode_id=episode_id)
        if episode is None:
            return
        upsert(
            conn,
            self.t["dash_follow_ups"],
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
            },
            ["follow_up_id"],
            update_columns=[],
        )
        self._episode_changed(conn, episode_id)

    @handles(C.FollowUpCompleted, C.FollowUpMissed)
    def follow_up_ended(
        self, conn: Connection, position: int, event: C.FollowUpCompleted | C.FollowUpMissed
    ) -> None:
        status = "completed" if isinstance(event, C.FollowUpCompleted) else "missed"
        key = {"follow_up_id": text_id(event.follow_up_id)}
        change(conn, self.t["dash_follow_ups"], key, status=status)
        self._episode_changed(conn, text_id(event.originator_id))

    @handles(C.PackageRecommended)
    def recommended(self, conn: Connection, position: int, event: C.PackageRecommended) -> None:
        episode = fetch(conn, self.t["dash_episodes"], episode_id=text_id(event.originator_id))
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
        if insert_new(conn, self.t["dash_recommendations"], row, ["position"]):
            bump(conn, self.t["dash_packages"], {"package_id": package_id}, {"recommendations": 1})
