"""The PatientEpisode aggregate: one condition, one department, one care team — its stages."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import event

from domain import limits
from domain.base import CarepackAggregate
from domain.care import EpisodeCare
from domain.context import Actor, Ctx
from domain.errors import InvalidInput, InvalidStageTransition

PROGRAMMES = frozenset({"oncology_nutrition", "chronic_disease", "general"})
OUTCOMES = frozenset({"recovered", "stable", "transferred", "deceased", "lost_to_follow_up"})
CONSULTATION_KINDS = frozenset({"free", "paid"})

# The only moves product §2.2 allows.
TRANSITIONS: dict[str, frozenset[str]] = {
    "registered": frozenset({"consulting", "cancelled"}),
    "consulting": frozenset({"admitted", "follow_up", "closed", "cancelled"}),
    "admitted": frozenset({"discharged"}),
    "discharged": frozenset({"follow_up", "closed"}),
    "follow_up": frozenset({"closed", "admitted"}),
    "closed": frozenset(),
    "cancelled": frozenset(),
}
STAGES = tuple(TRANSITIONS)
ENDED = frozenset({"closed", "cancelled"})


class PatientEpisode(EpisodeCare):
    class Opened(CarepackAggregate.Created):
        patient_id: UUID
        department: str
        condition_code: str
        condition_label: str
        care_team_id: str
        programme: str

    class ConsultationStarted(CarepackAggregate.Event):
        kind: str
        doctor_id: str

    class Admitted(CarepackAggregate.Event):
        note: str

    class Discharged(CarepackAggregate.Event):
        note: str

    class FollowUpStarted(CarepackAggregate.Event):
        note: str

    class Closed(CarepackAggregate.Event):
        outcome: str

    class Cancelled(CarepackAggregate.Event):
        reason: str

    @classmethod
    def open(
        cls,
        episode_id: UUID,
        *,
        patient_id: UUID,
        department: str,
        condition_code: str,
        condition_label: str,
        care_team_id: str,
        programme: str,
        ctx: Ctx,
    ) -> PatientEpisode:
        if programme not in PROGRAMMES:
            raise InvalidInput(f"programme must be one of {sorted(PROGRAMMES)}")
        if not department or not condition_code or not care_team_id:
            raise InvalidInput("department, condition code and care team are required")
        return cls._create(
            cls.Opened,
            id=episode_id,
            patient_id=patient_id,
            department=limits.line(department, "department", limits.IDENTIFIER),
            condition_code=limits.line(
                condition_code.upper(), "condition.code", limits.DISEASE_CODE
            ),
            condition_label=limits.line(condition_label, "condition.label", limits.NAME),
            care_team_id=limits.line(care_team_id, "care_team_id", limits.IDENTIFIER),
            programme=programme,
            **ctx.meta,
        )

    @event(Opened)
    def __init__(
        self,
        patient_id: UUID,
        department: str,
        condition_code: str,
        condition_label: str,
        care_team_id: str,
        programme: str,
        actor: Actor,
        correlation_id: str,
    ) -> None:
        self.patient_id = patient_id
        self.department = department
        self.condition_code = condition_code
        self.condition_label = condition_label
        self.care_team_id = care_team_id
        self.programme = programme
        self.stage = "registered"
        self.outcome: str | None = None
        self.admissions = 0
        self._init_care()

    # --- commands ---------------------------------------------------------------
    def move_to(self, stage: str, ctx: Ctx, *, detail: str = "", doctor_id: str = "") -> None:
        """Move to `stage`; only the moves of product §2.2 are allowed."""
        if stage not in TRANSITIONS:
            raise InvalidInput(f"unknown stage {stage!r}")
        if stage not in TRANSITIONS[self.stage]:
            raise InvalidStageTransition(
                f"an episode cannot move from {self.stage} to {stage}",
                from_stage=self.stage,
                to_stage=stage,
            )
        meta = ctx.meta
        limits.text(detail, "detail")
        if stage == "consulting":
            kind = detail or "free"
            if kind not in CONSULTATION_KINDS:
                raise InvalidInput("a consultation is free or paid")
            doctor = limits.line(doctor_id or ctx.actor.user_id, "doctor_id", limits.USER_ID)
            self._consultation_started(kind=kind, doctor_id=doctor, **meta)
        elif stage == "admitted":
            self._admitted(note=detail, **meta)
        elif stage == "discharged":
            self._discharged(note=detail, **meta)
        elif stage == "follow_up":
            self._follow_up_started(note=detail, **meta)
        elif stage == "closed":
            if detail not in OUTCOMES:
                raise InvalidInput(f"closing needs an outcome, one of {sorted(OUTCOMES)}")
            self._closed(outcome=detail, **meta)
        else:
            self._cancelled(reason=detail, **meta)

    @property
    def is_open(self) -> bool:
        return self.stage not in ENDED

    # --- events -------------------------------------------------------------------
    @event(ConsultationStarted)
    def _consultation_started(
        self, kind: str, doctor_id: str, actor: Actor, correlation_id: str
    ) -> None:
        self.stage = "consulting"

    @event(Admitted)
    def _admitted(self, note: str, actor: Actor, correlation_id: str) -> None:
        self.stage = "admitted"
        self.admissions += 1

    @event(Discharged)
    def _discharged(self, note: str, actor: Actor, correlation_id: str) -> None:
        self.stage = "discharged"

    @event(FollowUpStarted)
    def _follow_up_started(self, note: str, actor: Actor, correlation_id: str) -> None:
        self.stage = "follow_up"

    @event(Closed)
    def _closed(self, outcome: str, actor: Actor, correlation_id: str) -> None:
        self.stage = "closed"
        self.outcome = outcome

    @event(Cancelled)
    def _cancelled(self, reason: str, actor: Actor, correlation_id: str) -> None:
        self.stage = "cancelled"
