"""Clinical care inside an episode: screening and tier, care plan, observations, follow-ups."""

from __future__ import annotations

import re
from dataclasses import asdict
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain import limits
from domain.base import CarepackAggregate
from domain.context import Actor, Ctx
from domain.errors import (
    EpisodeClosed,
    FollowUpNotPending,
    InvalidInput,
    InvalidScreening,
    UnknownFollowUp,
)
from domain.nutrition import TIERS, Nrs2002, PgSga, risk_tier

INTERVENTIONS = frozenset({"diet_advice", "oral_supplements", "enteral", "parenteral"})
CHANNELS = frozenset({"phone", "online", "clinic"})
SOURCES = frozenset({"staff", "patient", "device"})
_CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class EpisodeCare(CarepackAggregate):
    """Part of `PatientEpisode` (not a parent in meaning): nutrition care and follow-up.

    State and commands of an episode's care (product §2.2), kept in their own file; the
    aggregate is `domain.episode.PatientEpisode`. Its events are stored under this class's
    topics (`domain.care:EpisodeCare.ScreeningRecorded`, ...), so projections name them as
    `EpisodeCare.X` (the library redefines nested events per subclass: the subclass's
    copies are never what is stored).
    """

    stage: str

    class ScreeningRecorded(CarepackAggregate.Event):
        nrs2002: dict[str, int] | None
        pg_sga: dict[str, Any] | None
        nrs2002_total: int | None
        computed_tier: str
        tier: str
        override_reason: str

    class CarePlanSet(CarepackAggregate.Event):
        intervention: str
        monitoring_interval_days: int
        note: str

    class ObservationRecorded(CarepackAggregate.Event):
        code: str
        value: Decimal
        unit: str
        observed_at: datetime
        source: str

    class FollowUpScheduled(CarepackAggregate.Event):
        follow_up_id: UUID
        due_on: date
        channel: str
        assignee: str

    class FollowUpCompleted(CarepackAggregate.Event):
        follow_up_id: UUID
        outcome: str

    class FollowUpMissed(CarepackAggregate.Event):
        follow_up_id: UUID
        note: str

    class PackageRecommended(CarepackAggregate.Event):
        package_id: UUID
        doctor_id: str

    def _init_care(self) -> None:
        self.risk_tier: str | None = None
        self.computed_tier: str | None = None
        self.nrs2002_total: int | None = None
        self.care_plan: dict[str, Any] | None = None
        self.observations: list[dict[str, Any]] = []
        self.follow_ups: dict[UUID, dict[str, Any]] = {}
        self.recommended_package_ids: list[UUID] = []

    def _require_open(self) -> None:
        if self.stage in ("closed", "cancelled"):
            raise EpisodeClosed(f"the episode is {self.stage}")

    # --- commands ---------------------------------------------------------------
    def record_screening(
        self,
        ctx: Ctx,
        nrs2002: Nrs2002 | None = None,
        pg_sga: PgSga | None = None,
        override_tier: str | None = None,
        override_reason: str = "",
    ) -> str:
        """Record a screening; the tier is computed, never typed in (override needs a reason)."""
        self._require_open()
        computed = risk_tier(nrs2002, pg_sga)
        tier = computed
        if override_tier is not None:
            if override_tier not in TIERS:
                raise InvalidScreening(f"tier must be one of {list(TIERS)}")
            if not override_reason.strip():
                raise InvalidScreening("overriding the computed tier needs a reason")
            limits.text(override_reason.strip(), "override.reason")
            tier = override_tier
        self._screening_recorded(
            nrs2002=asdict(nrs2002) if nrs2002 else None,
            pg_sga=asdict(pg_sga) if pg_sga else None,
            nrs2002_total=nrs2002.total if nrs2002 else None,
            computed_tier=computed,
            tier=tier,
            override_reason=override_reason.strip() if override_tier else "",
            **ctx.meta,
        )
        return tier

    def set_care_plan(self, intervention: str, interval_days: int, note: str, ctx: Ctx) -> None:
        self._require_open()
        if intervention not in INTERVENTIONS:
            raise InvalidInput(f"intervention must be one of {sorted(INTERVENTIONS)}")
        if not 1 <= interval_days <= 365:
            raise InvalidInput("the monitoring interval must be 1 to 365 days")
        limits.text(note, "note")
        self._care_plan_set(
            intervention=intervention, monitoring_interval_days=interval_days, note=note, **ctx.meta
        )

    def record_observation(
        self, code: str, value: Decimal, unit: str, observed_at: datetime, source: str, ctx: Ctx
    ) -> None:
        self._require_open()
        if not _CODE.match(code):
            raise InvalidInput("an observation code is a lower-case identifier, e.g. body_weight")
        if source not in SOURCES:
            raise InvalidInput(f"source must be one of {sorted(SOURCES)}")
        if observed_at > ctx.now:
            raise InvalidInput("an observation cannot be in the future")
        limits.line(unit, "unit", limits.UNIT)
        self._observation_recorded(
            code=code, value=value, unit=unit, observed_at=observed_at, source=source, **ctx.meta
        )

    def schedule_follow_up(
        self, follow_up_id: UUID, due_on: date, channel: str, assignee: str, ctx: Ctx
    ) -> None:
        self._require_open()
        if channel not in CHANNELS:
            raise InvalidInput(f"channel must be one of {sorted(CHANNELS)}")
        if follow_up_id in self.follow_ups:
            raise InvalidInput("this follow-up id is already scheduled")
        limits.line(assignee, "assignee", limits.USER_ID)
        self._follow_up_scheduled(
            follow_up_id=follow_up_id, due_on=due_on, channel=channel, assignee=assignee, **ctx.meta
        )

    def complete_follow_up(self, follow_up_id: UUID, outcome: str, ctx: Ctx) -> None:
        self._pending_follow_up(follow_up_id)
        limits.text(outcome, "outcome")
        self._follow_up_completed(follow_up_id=follow_up_id, outcome=outcome, **ctx.meta)

    def miss_follow_up(self, follow_up_id: UUID, note: str, ctx: Ctx) -> None:
        self._pending_follow_up(follow_up_id)
        limits.text(note, "note")
        self._follow_up_missed(follow_up_id=follow_up_id, note=note, **ctx.meta)

    def recommend_package(self, package_id: UUID, ctx: Ctx) -> None:
        """The caller has checked the package is published."""
        self._require_open()
        self._package_recommended(package_id=package_id, doctor_id=ctx.actor.user_id, **ctx.meta)

    def _pending_follow_up(self, follow_up_id: UUID) -> None:
        self._require_open()
        follow_up = self.follow_ups.get(follow_up_id)
        if follow_up is None:
            raise UnknownFollowUp("no such follow-up in this episode")
        if follow_up["status"] != "scheduled":
            raise FollowUpNotPending(f"the follow-up is already {follow_up['status']}")

    # --- events -------------------------------------------------------------------
    @event(ScreeningRecorded)
    def _screening_recorded(
        self,
        nrs2002: dict[str, int] | None,
        pg_sga: dict[str, Any] | None,
        nrs2002_total: int | None,
        computed_tier: str,
        tier: str,
        override_reason: str,
        actor: Actor,
        correlation_id: str,
    ) -> None:
        self.risk_tier = tier
        self.computed_tier = computed_tier
        self.nrs2002_total = nrs2002_total

    @event(CarePlanSet)
    def _care_plan_set(
        self,
        intervention: str,
        monitoring_interval_days: int,
        note: str,
        actor: Actor,
        correlation_id: str,
    ) -> None:
        self.care_plan = {"intervention": intervention, "interval_days": monitoring_interval_days}

    @event(ObservationRecorded)
    def _observation_recorded(
        self,
        code: str,
        value: Decimal,
        unit: str,
        observed_at: datetime,
        source: str,
        actor: Actor,
        correlation_id: str,
    ) -> None:
        self.observations.append({"code": code, "value": value, "unit": unit, "at": observed_at})

    @event(FollowUpScheduled)
    def _follow_up_scheduled(
        self,
        follow_up_id: UUID,
        due_on: date,
        channel: str,
        assignee: str,
        actor: Actor,
        correlation_id: str,
    ) -> None:
        self.follow_ups[follow_up_id] = {
            "due_on": due_on,
            "channel": channel,
            "assignee": assignee,
            "status": "scheduled",
        }

    @event(FollowUpCompleted)
    def _follow_up_completed(
        self, follow_up_id: UUID, outcome: str, actor: Actor, correlation_id: str
    ) -> None:
        self.follow_ups[follow_up_id]["status"] = "completed"

    @event(FollowUpMissed)
    def _follow_up_missed(
        self, follow_up_id: UUID, note: str, actor: Actor, correlation_id: str
    ) -> None:
        self.follow_ups[follow_up_id]["status"] = "missed"

    @event(PackageRecommended)
    def _package_recommended(
        self, package_id: UUID, doctor_id: str, actor: Actor, correlation_id: str
    ) -> None:
        self.recommended_package_ids.append(package_id)
