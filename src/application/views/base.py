"""What every view shares: the `View` answer, access facts, JSON-ready values."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.money import Money

_BATCH = 1000


@dataclass(frozen=True)
class View:
    """What a GET answers, and the aggregate version that is its ETag.

    `data` is JSON-ready and becomes the operation's closed response model (validated when
    sent, `api.requests.checked`)."""

    data: dict[str, Any]
    version: int


@dataclass(frozen=True)
class PatientRecord(View):
    """A view of one patient's record, with whose it is typed: what access checks need, so
    no caller parses it back out of `data`."""

    patient_id: UUID


@dataclass(frozen=True)
class EpisodeRecord(PatientRecord):
    """An episode's view: its department decides which staff may see it."""

    department: str


@dataclass(frozen=True)
class PatientAccess:
    """What access checks need to know about a patient, and nothing clinical."""

    patient_id: UUID
    departments: frozenset[str]
    proxies: dict[str, list[str]] = field(default_factory=dict)

    def proxy_may(self, user_id: str, permission: str) -> bool:
        return permission in self.proxies.get(user_id, [])


def plain(value: Any) -> Any:
    """JSON-ready: ids and dates as strings, money as `{amount, currency}`."""
    if isinstance(value, Money):
        return {"amount": value.amount, "currency": value.currency}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    if isinstance(value, UUID | date | datetime):
        return value.isoformat() if not isinstance(value, UUID) else str(value)
    if isinstance(value, Decimal):
        return str(value)
    return value


def fields(outcome: object) -> dict[str, Any]:
    """A command's typed outcome (`application.outcomes`) as JSON-ready fields; None has none."""
    if outcome is None:
        return {}
    assert is_dataclass(outcome) and not isinstance(outcome, type)
    found: dict[str, Any] = plain(asdict(outcome))
    return found


def money(fen: int | None, currency: str) -> dict[str, str] | None:
    return None if fen is None else plain(Money(fen, currency))
