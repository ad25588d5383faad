"""The rules of a stateful model of one Subscription and its EntitlementLedger.

Random purchases, receipts, claims, disputes, refunds by random roles, payouts and the
passing of time, wired as the application wires them. A domain error is a fine outcome:
the failed command's changes are discarded, as the application's transaction would.
Refund rules are in refund_model.py, the invariants in test_subscription_machine.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any
from uuid import UUID, uuid4

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, precondition, rule

from domain.context import Actor
from domain.errors import DomainError
from domain.ledger import EntitlementLedger, receipt_redemption_id
from domain.subscription import Subscription
from domain.terms import PackageContent
from tests.domain.builders import buy, open_ledger, published
from tests.domain.strategies import contents
from tests.fixtures import DOCTOR, FINANCE, LEAD, MALL, NURSE, STAFF, START, ctx

PATIENT = Actor("user-p", "patient")
ROLES = st.sampled_from([STAFF, LEAD, FINANCE, NURSE, MALL, PATIENT, DOCTOR])
PICK = st.integers(0, 1000)
AMOUNTS = st.integers(-1, 1010)  # per mille of the amount paid; -1 is a negative amount


def replay(events: list[Any]) -> Any:
    """Rebuild an aggregate from its events, as the event store's repository does."""
    aggregate = None
    for recorded in events:
        aggregate = recorded.mutate(aggregate)
    return aggregate


class SubscriptionModel(RuleBasedStateMachine):
    subscription: Subscription
    ledger: EntitlementLedger | None

    @initialize(
        content=contents(consultation=None),
        start=st.sampled_from(["bought", "enrolled", "enrolled", "unsuitable"]),
    )
    def purchase(self, content: PackageContent, start: str) -> None:
        """A fresh purchase, often enrolled at once so that examples reach redemption."""
        self.now = START
        self.subscription = buy(published(content))
        self.ledger = None
        self.log: dict[str, list[Any]] = {
            "subscription": list(self.subscription.collect_events()), "ledger": [],
        }  # fmt: skip
        self.refund_ids: list[UUID] = []
        self.redemption_ids: list[UUID] = []
        if start != "bought" and content.consultation_required:
            self.consult(suitable=start == "enrolled")
        if start == "enrolled":
            self.intake()

    # --- the application's transaction -------------------------------------------------
    def transaction(self, change: Callable[[], object]) -> bool:
        """Run `change`; keep its events, or on a domain error discard them all."""
        try:
            change()
        except DomainError:
            self.subscription = replay(self.log["subscription"])
            self.ledger = replay(self.log["ledger"]) if self.log["ledger"] else None
            return False
        self.log["subscription"] += self.subscription.collect_events()
        if self.ledger is not None:
            self.log["ledger"] += self.ledger.collect_events()
        return True

    def c(self, actor: Actor) -> Any:
        return ctx(actor, self.now)

    def _pick(self, ids: list[UUID], pick: int) -> UUID:
        return ids[pick % len(ids)] if ids else uuid4()

    def _refund(self, pick: int) -> UUID:
        """Mostly the latest refund, the one most likely still in play."""
        if self.refund_ids and pick % 4:
            return self.refund_ids[-1]
        return self._pick(self.refund_ids, pick)

    def _fen(self, permille: int) -> int:
        """An amount relative to the price: -1 fen up to a little above it."""
        return self.subscription.amount_paid.fen * permille // 1000 if permille >= 0 else -1

    def _code(self, mode: str, pick: int) -> str:
        """Mostly a line of this redemption mode; now and then any line (a mismatch)."""
        assert self.ledger is not None
        lines = sorted(self.ledger.lines.values(), key=lambda line: line.code)
        fitting = [ln for ln in lines if ln.redemption == mode] if pick % 5 else []
        chosen = fitting or lines
        return chosen[pick % len(chosen)].code

    # --- enrolment and time ---------------------------------------------------------------
    @rule(suitable=st.booleans())
    def consult(self, suitable: bool) -> None:
        """A decision awaited is always recorded. Unsuitable ends the subscription and gives
        back everything still refundable in one refund the system approves, or in none when
        nothing is left (a refund open meanwhile is superseded)."""
        awaited = self.subscription.status == "awaiting_consultation"
        refundable, earlier = self.subscription.refundable, set(self.subscription.refunds)
        recorded = self.transaction(
            lambda: self.subscription.record_consultation(suitable, "", self.c(DOCTOR))
        )
        assert recorded == awaited
        if not recorded or suitable:
            return
        made = [r for rid, r in self.subscription.refunds.items() if rid not in earlier]
        assert self.subscription.status == "terminated"
        assert self.subscription.open_refund is None and self.subscription.refundable == 0
        if refundable > 0:
            assert [(r.status, r.approved_amount) for r in made] == [("approved", refundable)]
        else:
            assert made == []

    @precondition(lambda self: self.ledger is None)
    @rule()
    def intake(self) -> None:
        def enrol() -> None:
            self.ledger = open_ledger(self.subscription, self.now)

        self.transaction(enrol)

    @rule(days=st.integers(0, 20))
    def advance_and_expire(self, days: int) -> None:
        self.now += timedelta(days=days)
        ledger = self.ledger
        if ledger is None or not self.subscription.is_due_to_expire(self.now.date()):
            return

        def expire() -> None:
            self.subscription.expire(self.c(Actor.system()))
            ledger.close("expired", self.c(Actor.system()))

        self.transaction(expire)

    # --- redemption -------------------------------------------------------------------------
    def _complete_if_used(self) -> None:
        ledger = self.ledger
        assert ledger is not None
        if self.subscription.status == "active" and ledger.all_used():
            self.subscription.complete(self.c(Actor.system()))
            ledger.close("completed", self.c(Actor.system()))

    @precondition(lambda self: self.ledger is not None)
    @rule(reference=st.sampled_from(["R1", "R2", "R3", "R4", "R5"]), pick=PICK)
    def receipt(self, reference: str, pick: int) -> None:
        ledger = self.ledger
        assert ledger is not None
        code = self._code("auto", pick)
        rid = receipt_redemption_id("edu", reference)

        def redeem() -> None:
            ledger.redeem(rid, code, "edu", reference, self.now, self.c(MALL))
            self._complete_if_used()

        self.transaction(redeem)

    @precondition(lambda self: self.ledger is not None)
    @rule(pick=PICK)
    def claim(self, pick: int) -> None:
        ledger = self.ledger
        assert ledger is not None
        code, rid = self._code("manual", pick), uuid4()
        if self.transaction(lambda: ledger.claim(rid, code, "", self.c(STAFF))):
            self.redemption_ids.append(rid)

    @precondition(lambda self: self.ledger is not None)
    @rule(step=st.sampled_from(["confirm", "dispute", "reverse", "uphold"]), pick=PICK)
    def settle_claim(self, step: str, pick: int) -> None:
        ledger = self.ledger
        assert ledger is not None
        rid = self._pick(self.redemption_ids, pick)

        def settle() -> None:
            if step in ("confirm", "dispute"):
                getattr(ledger, step)(rid, *([] if step == "confirm" else ["?"]), self.c(PATIENT))
            else:
                getattr(ledger, step)(rid, "checked", self.c(LEAD))
            self._complete_if_used()

        self.transaction(settle)
