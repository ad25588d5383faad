"""Invariants of a Subscription and its EntitlementLedger in any interleaving (product §2.4, 2.5).

Per item granted − redeemed − claimed − revoked ≥ 0; committed refunds never exceed the
amount paid; nothing is redeemed outside the validity or after closing; and replaying the
recorded events rebuilds exactly the live aggregates.
"""

from __future__ import annotations

from hypothesis import event, settings
from hypothesis.stateful import invariant

from domain.ledger import EntitlementLedger
from tests.domain.refund_model import RefundModel
from tests.domain.subscription_model import replay


class SubscriptionMachine(RefundModel):
    @invariant()
    def units_never_go_negative_and_match_redemptions(self) -> None:
        if self.ledger is None:
            return
        for code, line in self.ledger.lines.items():
            assert min(line.redeemed, line.claimed, line.revoked, line.remaining) >= 0
            states = [
                r["status"] for r in self.ledger.redemptions.values() if r["item_code"] == code
            ]
            assert line.claimed == sum(s in ("claimed", "disputed") for s in states)
            assert line.redeemed == sum(s in ("redeemed", "confirmed", "upheld") for s in states)

    @invariant()
    def committed_refunds_never_exceed_paid(self) -> None:
        s = self.subscription
        paid = s.amount_paid.fen
        assert 0 <= s.refunded <= s.committed <= paid and s.refundable >= 0
        assert sum(r.status in ("requested", "quoted", "agreed") for r in s.refunds.values()) <= 1
        assert (s.status == "refunded") == (paid > 0 and s.refunded == paid)

    @invariant()
    def ledger_is_open_exactly_while_the_subscription_is_active(self) -> None:
        if self.ledger is not None:
            assert self.ledger.is_open == (self.subscription.status == "active")

    @invariant()
    def nothing_redeemed_outside_validity_or_after_close(self) -> None:
        closed = False
        for recorded in self.log["ledger"]:
            if isinstance(recorded, EntitlementLedger.Closed):
                closed = True
            taken = (
                EntitlementLedger.Redeemed,
                EntitlementLedger.RedemptionClaimed,
                EntitlementLedger.RedemptionConfirmed,
                EntitlementLedger.RedemptionUpheld,
            )
            assert not (closed and isinstance(recorded, taken))
            if isinstance(recorded, EntitlementLedger.Redeemed):
                assert self.ledger is not None
                assert (
                    self.ledger.valid_from <= recorded.occurred_at.date() <= self.ledger.valid_until
                )

    @invariant()
    def replaying_the_events_rebuilds_the_live_state(self) -> None:
        assert replay(self.log["subscription"]).__dict__ == self.subscription.__dict__
        if self.ledger is not None:
            assert replay(self.log["ledger"]).__dict__ == self.ledger.__dict__

    def teardown(self) -> None:
        """Show how far the examples got (pytest --hypothesis-show-statistics)."""
        event(f"subscription {self.subscription.status}")
        for status in {r.status for r in self.subscription.refunds.values()}:
            event(f"refund {status}")
        for name in {type(e).__name__ for e in self.log["ledger"]}:
            event(f"ledger {name}")


SubscriptionMachine.TestCase.settings = settings(
    max_examples=100, stateful_step_count=30, deadline=None
)
test_subscription_and_ledger_keep_their_invariants = SubscriptionMachine.TestCase
