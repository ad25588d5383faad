"""Who acts, under which correlation id, and when: carried by every command and event."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from typing import Any
from uuid import UUID

from domain import limits
from domain.roles import STAFF

SYSTEM = "system"


@dataclass(frozen=True)
class Actor:
    """The user behind a change; `patient_id` is set when a proxy acts for a patient."""

    user_id: str
    role: str
    patient_id: UUID | None = None

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF

    @classmethod
    def system(cls) -> Actor:
        return cls(user_id=SYSTEM, role=SYSTEM)


@dataclass(frozen=True)
class Ctx:
    """A command's context: the actor, the request's correlation id, the clock's now and the
    hospital's time zone, in which every business day (today, validity, expiry) runs."""

    actor: Actor
    correlation_id: str
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    zone: tzinfo = UTC

    def __post_init__(self) -> None:
        # Every event records these three: the audit trail's columns must hold them.
        limits.line(self.actor.user_id, "actor", limits.USER_ID)
        limits.line(self.actor.role, "role", limits.ROLE)
        limits.line(self.correlation_id, "correlation_id", limits.CORRELATION_ID)

    @property
    def meta(self) -> dict[str, Any]:
        """The attributes every event records."""
        return {"actor": self.actor, "correlation_id": self.correlation_id}

    @property
    def today(self) -> date:
        """The hospital's date now."""
        return self.day_of(self.now)

    def day_of(self, moment: datetime) -> date:
        """The hospital's date at `moment` (a time without an offset is taken as UTC)."""
        aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
        return aware.astimezone(self.zone).date()

    def as_system(self) -> Ctx:
        return Ctx(Actor.system(), self.correlation_id, self.now, self.zone)


_event_time: ContextVar[datetime | None] = ContextVar("carepack_event_time", default=None)


def event_time() -> datetime:
    """The timestamp new events get: the injected clock's time while a command runs."""
    moment = _event_time.get()
    return moment if moment is not None else datetime.now(UTC)


@contextmanager
def events_at(moment: datetime) -> Iterator[None]:
    """Stamp the events triggered inside this block with `moment` (the injected clock)."""
    token = _event_time.set(moment)
    try:
        yield
    finally:
        _event_time.reset(token)
