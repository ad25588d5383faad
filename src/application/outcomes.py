"""What a command tells its caller beyond the id it acted on and the store position.

Each command's `Done[O]` carries one of these (or `None`): typed, so a caller reads
`done.outcome.status`, never a key of a dict it has to trust. The API turns them into its
closed response models (`api/schemas`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.quote import Quote


@dataclass(frozen=True)
class Status:
    """The subject's status after the command (a subscription, refund or redemption)."""

    status: str


@dataclass(frozen=True)
class Activated:
    """Intake submitted: the subscription is active until `ends_on`."""

    status: str
    ends_on: date


@dataclass(frozen=True)
class Consulted:
    """The enrolment consultation recorded; not suitable ends it with the system's refund
    (`refund_id`, None when nothing was refundable)."""

    status: str
    refund_id: UUID | None


@dataclass(frozen=True)
class RefundRequested:
    """A refund asked for, with the quote the rules computed for it."""

    status: str
    quote: Quote


@dataclass(frozen=True)
class NewVersion:
    """A new draft version of a published package."""

    predecessor_id: UUID


@dataclass(frozen=True)
class Screened:
    """A screening recorded: the tier it gives (overridden or computed) and its inputs."""

    risk_tier: str | None
    computed_tier: str | None
    nrs2002_total: int | None


@dataclass(frozen=True)
class Receipt:
    """A completion receipt's redemption; `replayed` when the same receipt came before
    (the first answer again, nothing written)."""

    redemption_id: UUID
    subscription_id: UUID
    item_code: str
    status: str
    replayed: bool


@dataclass(frozen=True)
class FollowUpRedemption:
    """A completed follow-up, and the unit it redeemed (both None when none matched)."""

    subscription_id: UUID | None
    redemption_id: UUID | None


@dataclass(frozen=True)
class Settled:
    """A claimed or disputed redemption confirmed, disputed, reversed or upheld."""

    status: str
    subscription_id: UUID
