"""The EntitlementLedger: what a subscription entitles, and its redemptions (核销)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import event

from domain import limits
from domain.base import CarepackAggregate
from domain.context import Actor, Ctx
from domain.errors import (
    EntitlementExhausted,
    InvalidInput,
    InvalidRedemptionState,
    InvalidSubscriptionState,
    LedgerClosed,
    OutsideValidity,
    RedemptionModeMismatch,
    UnknownItem,
    UnknownRedemption,
)
from domain.quote import ItemUsage
from domain.subscription import Subscription

_LEDGER_NS = uuid5(NAMESPACE_URL, "https://carepack/entitlement-ledger")


def ledger_id_for(subscription_id: UUID) -> UUID:
    """A ledger's id derives from its subscription's: one ledger per subscription."""
    return uuid5(_LEDGER_NS, str(subscription_id))


def receipt_redemption_id(source: str, reference: str) -> UUID:
    """A receipt's redemption id derives from the receipt, so replays find the first result."""
    return uuid5(_LEDGER_NS, f"receipt:{source}:{reference}")


def _require_reason(reason: str, doing: str) -> None:
    """Disputes and their resolutions are reviewed later: each says why."""
    if not reason.strip():
        raise InvalidInput(f"to {doing} a redemption, give a reason")
    limits.text(reason, "reason")


@dataclass
class Line:
    code: str
    kind: str
    granted: int
    weight: int
    redemption: str
    redeemed: int = 0
    claimed: int = 0
    revoked: int = 0

    @property
    def remaining(self) -> int:
        return self.granted - self.redeemed - self.claimed - self.revoked

    def usage(self) -> ItemUsage:
        return ItemUsage(self.granted, self.redeemed, self.claimed, self.revoked)


class EntitlementLedger(CarepackAggregate):
    class Opened(CarepackAggregate.Created):
        subscription_id: UUID
        patient_id: UUID
        lines: list[dict[str, Any]]
        valid_from: date
        valid_until: date

    class Redeemed(CarepackAggregate.Event):
        redemption_id: UUID
        item_code: str
        source: str
        reference: str
        occurred_at: datetime

    class RedemptionClaimed(CarepackAggregate.Event):
        redemption_id: UUID
        item_code: str
        note: str

    class RedemptionConfirmed(CarepackAggregate.Event):
        redemption_id: UUID

    class RedemptionDisputed(CarepackAggregate.Event):
        redemption_id: UUID
        reason: str

    class RedemptionReversed(CarepackAggregate.Event):
        redemption_id: UUID
        reason: str

    class RedemptionUpheld(CarepackAggregate.Event):
        redemption_id: UUID
        reason: str

    class EntitlementsRevoked(CarepackAggregate.Event):
        refund_id: UUID
        quantities: dict[str, int]

    class Closed(CarepackAggregate.Event):
        reason: str

    @classmethod
    def open(
        cls,
        subscription_id: UUID,
        patient_id: UUID,
        lines: list[dict[str, Any]],
        valid_from: date,
        valid_until: date,
        ctx: Ctx,
    ) -> EntitlementLedger:
        """`lines`: code, kind, granted, weight, redemption, and revoked before start."""
        return cls._create(
            cls.Opened,
            id=ledger_id_for(subscription_id),
            subscription_id=subscription_id,
            patient_id=patient_id,
            lines=lines,
            valid_from=valid_from,
            valid_until=valid_until,
            **ctx.meta,
        )

    @classmethod
    def open_for(cls, subscription: Subscription, ctx: Ctx) -> EntitlementLedger:
        """The ledger an activated subscription opens: a line per item of its terms,
        less what refunds approved before the start already took back."""
        starts, ends = subscription.starts_on, subscription.ends_on
        if starts is None or ends is None:
            raise InvalidSubscriptionState("only an activated subscription opens its ledger")
        lines = [
            {
                "code": i.code,
                "kind": i.kind,
                "granted": i.quantity,
                "weight": i.weight,
                "redemption": i.redemption,
                "revoked": subscription.revoked_before_start.get(i.code, 0),
            }
            for i in subscription.terms.content.items
        ]
        return cls.open(subscription.id, subscription.patient_id, lines, starts, ends, ctx)

    @event(Opened)
    def __init__(
        self,
        subscription_id: UUID,
        patient_id: UUID,
        lines: list[dict[str, Any]],
        valid_from: date,
        valid_until: date,
        actor: Actor,
        correlation_id: str,
    ) -> None:
        self.subscription_id = subscription_id
        self.patient_id = patient_id
        self.lines = {ln["code"]: Line(**ln) for ln in lines}
        self.valid_from = valid_from
        self.valid_until = valid_until
        self.redemptions: dict[UUID, dict[str, Any]] = {}
        self.closed_reason: str | None = None

    # --- auto redemption ----------------------------------------------------------
    def redeem(
        self,
        redemption_id: UUID,
        item_code: str,
        source: str,
        reference: str,
        occurred_at: datetime,
        ctx: Ctx,
    ) -> UUID:
        """A completion receipt redeems one unit; the same receipt again changes nothing."""
        if redemption_id in self.redemptions:
            return redemption_id
        limits.line(source, "source", limits.IDENTIFIER)
        limits.line(reference, "ref", limits.REFERENCE)
        line = self._line(item_code)
        if line.redemption != "auto":
            raise RedemptionModeMismatch(f"{item_code} is redeemed by staff claim, not receipt")
        self._check_can_take(line, ctx.day_of(occurred_at))
        self._redeemed(
            redemption_id=redemption_id,
            item_code=item_code,
            source=source,
            reference=reference,
            occurred_at=occurred_at,
            **ctx.meta,
        )
        return redemption_id

    # --- manual redemption --------------------------------------------------------
    def claim(self, redemption_id: UUID, item_code: str, note: str, ctx: Ctx) -> None:
        """Staff claim a unit (reserving it) for the patient to confirm."""
        if redemption_id in self.redemptions:
            raise InvalidRedemptionState("this redemption id is already used")
        line = self._line(item_code)
        if line.redemption != "manual":
            raise RedemptionModeMismatch(f"{item_code} is redeemed by receipt, not by claim")
        self._check_can_take(line, ctx.today)
        limits.text(note, "note")
        self._claimed(redemption_id=redemption_id, item_code=item_code, note=note, **ctx.meta)

    def confirm(self, redemption_id: UUID, ctx: Ctx) -> None:
        self._expect(redemption_id, "claimed", "confirm")
        self._check_open()
        self._confirmed(redemption_id=redemption_id, **ctx.meta)

    def dispute(self, redemption_id: UUID, reason: str, ctx: Ctx) -> None:
        self._expect(redemption_id, "claimed", "dispute")
        _require_reason(reason, "dispute")
        self._disputed(redemption_id=redemption_id, reason=reason, **ctx.meta)

    def reverse(self, redemption_id: UUID, reason: str, ctx: Ctx) -> None:
        self._expect(redemption_id, "disputed", "reverse")
        _require_reason(reason, "reverse")
        self._reversed(redemption_id=redemption_id, reason=reason, **ctx.meta)

    def uphold(self, redemption_id: UUID, reason: str, ctx: Ctx) -> None:
        self._expect(redemption_id, "disputed", "uphold")
        _require_reason(reason, "uphold")
        self._check_open()
        self._upheld(redemption_id=redemption_id, reason=reason, **ctx.meta)

    # --- refunds and closing ------------------------------------------------------
    def revoke(self, refund_id: UUID, quantities: dict[str, int], ctx: Ctx) -> None:
        """An approved refund takes back unused units; never more than remain."""
        self._check_open()
        for code, n in quantities.items():
            line = self._line(code)
            if n > line.remaining:
                raise EntitlementExhausted(
                    f"only {line.remaining} unit(s) of {code} remain to revoke", item=code
                )
        wanted = {code: n for code, n in quantities.items() if n > 0}
        if wanted:
            self._revoked(refund_id=refund_id, quantities=wanted, **ctx.meta)

    def revoke_remaining(self, refund_id: UUID, ctx: Ctx) -> None:
        self.revoke(refund_id, {c: ln.remaining for c, ln in self.lines.items()}, ctx)

    def close(self, reason: str, ctx: Ctx) -> None:
        if self.closed_reason is None:
            self._closed(reason=reason, **ctx.meta)

    # --- queries ------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self.closed_reason is None

    def usage(self) -> dict[str, ItemUsage]:
        return {code: line.usage() for code, line in self.lines.items()}

    def all_used(self) -> bool:
        """Every unit redeemed or revoked, none pending, at least one redeemed."""
        lines = self.lines.values()
        return all(ln.remaining == 0 and ln.claimed == 0 for ln in lines) and any(
            ln.redeemed for ln in lines
        )

    def auto_line_for(self, kind: str, on: date | None) -> Line | None:
        """The line a receipt of this item kind dated `on` would redeem, if any unit is left
        (`on` None: whatever the date, as if inside the validity window)."""
        if not self.is_open or (on is not None and not self.valid_from <= on <= self.valid_until):
            return None
        return next(
            (
                ln
                for ln in self.lines.values()
                if ln.kind == kind and ln.redemption == "auto" and ln.remaining > 0
            ),
            None,
        )

    def _line(self, code: str) -> Line:
        line = self.lines.get(code)
        if line is None:
            raise UnknownItem(f"the subscription has no item {code!r}", item=code)
        return line

    def _check_open(self) -> None:
        if self.closed_reason is not None:
            raise LedgerClosed(f"the ledger is closed ({self.closed_reason})")

    def _check_can_take(self, line: Line, on: date) -> None:
        self._check_open()
        if not self.valid_from <= on <= self.valid_until:
            raise OutsideValidity(
                f"{on} is outside the validity {self.valid_from} to {self.valid_until}"
            )
        if line.remaining < 1:
            raise EntitlementExhausted(f"no unit of {line.code} remains", item=line.code)

    def _expect(self, redemption_id: UUID, status: str, doing: str) -> dict[str, Any]:
        found = self.redemptions.get(redemption_id)
        if found is None:
            raise UnknownRedemption("no such redemption in this ledger")
        if found["status"] != status:
            raise InvalidRedemptionState(f"cannot {doing} a redemption that is {found['status']}")
        return found

    def _move(self, redemption_id: UUID, status: str, claimed: int, redeemed: int) -> None:
        found = self.redemptions[redemption_id]
        found["status"] = status
        line = self.lines[found["item_code"]]
        line.claimed += claimed
        line.redeemed += redeemed

    # --- events -------------------------------------------------------------------
    @event(Redeemed)
    def _redeemed(
        self,
        redemption_id: UUID,
        item_code: str,
        source: str,
        reference: str,
        occurred_at: datetime,
        actor: Actor,
        correlation_id: str,
    ) -> None:
        self.redemptions[redemption_id] = {"item_code": item_code, "status": "redeemed"}
        self.lines[item_code].redeemed += 1

    @event(RedemptionClaimed)
    def _claimed(
        self, redemption_id: UUID, item_code: str, note: str, actor: Actor, correlation_id: str
    ) -> None:
        self.redemptions[redemption_id] = {"item_code": item_code, "status": "claimed"}
        self.lines[item_code].claimed += 1

    @event(RedemptionConfirmed)
    def _confirmed(self, redemption_id: UUID, actor: Actor, correlation_id: str) -> None:
        self._move(redemption_id, "confirmed", claimed=-1, redeemed=1)

    @event(RedemptionDisputed)
    def _disputed(
        self, redemption_id: UUID, reason: str, actor: Actor, correlation_id: str
    ) -> None:
        self._move(redemption_id, "disputed", claimed=0, redeemed=0)

    @event(RedemptionReversed)
    def _reversed(
        self, redemption_id: UUID, reason: str, actor: Actor, correlation_id: str
    ) -> None:
        self._move(redemption_id, "reversed", claimed=-1, redeemed=0)

    @event(RedemptionUpheld)
    def _upheld(self, redemption_id: UUID, reason: str, actor: Actor, correlation_id: str) -> None:
        self._move(redemption_id, "upheld", claimed=-1, redeemed=1)

    @event(EntitlementsRevoked)
    def _revoked(
        self, refund_id: UUID, quantities: dict[str, int], actor: Actor, correlation_id: str
    ) -> None:
        for code, n in quantities.items():
            self.lines[code].revoked += n

    @event(Closed)
    def _closed(self, reason: str, actor: Actor, correlation_id: str) -> None:
        self.closed_reason = reason
