"""What one finance batch reads up front: every row of the subscriptions its events concern.

Every finance row belongs to one subscription (the daily totals aside), so a batch works
out its subscriptions (ledger events name their ledger: one lookup for those not seen),
loads their rows with one read per table, applies its events in memory, and
`writes.finish` recomputes the derived figures once per touched key and writes each
table once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table, select

from domain.ledger import EntitlementLedger, ledger_id_for
from domain.refunds import SubscriptionRefunds
from domain.subscription import Subscription
from projections.batch_projector import Event
from projections.lowlevel.batch_reads import any_of, keys, read_all
from projections.lowlevel.batch_rows import Row, Rows, chunks, one_of

Totals = Counter[tuple[Any, str, str]]  # (day, payer type, daily column) -> amount


class State:
    """The batch's rows, what it touched, and the daily figures its rows held before."""

    def __init__(self, t: Mapping[str, Table], ledgers: dict[str, str]) -> None:
        self.t, self.ledgers = t, ledgers  # ledger id -> subscription id, never changes
        self.subs = Rows(t["fin_subscriptions"], ("subscription_id",), ("ledger_id",))
        sub = ("subscription_id",)
        self.items = Rows(t["fin_subscription_items"], ("subscription_id", "code"), sub)
        self.refunds = Rows(t["fin_refunds"], ("refund_id",), sub)
        self.redemptions = Rows(t["fin_redemptions"], ("redemption_id",), sub)
        self.items_touched: set[tuple[str, str]] = set()  # whose redeemed count to redo
        self.balances: set[str] = set()  # subscriptions whose balance to redo
        self.daily_before: Totals = Counter()

    def facts(self) -> tuple[Rows, ...]:
        return (self.subs, self.items, self.refunds, self.redemptions)

    def load(self, conn: Connection, events: Sequence[Event]) -> None:
        subs = self._subscriptions(conn, events)
        if subs:  # one round trip on PostgreSQL
            mine = any_of(conn, "subscription_id")
            read_all(conn, [(rows, mine, [keys(conn, subs)]) for rows in self.facts()])
        self.daily_before = daily_totals(self.subs.rows.values(), self.refunds.rows.values())

    def subscription_of_ledger(self, ledger_id: str) -> str | None:
        row = self.subs.first("ledger_id", ledger_id)
        return None if row is None else str(row["subscription_id"])

    def _subscriptions(self, conn: Connection, events: Sequence[Event]) -> set[str]:
        found, unknown = set(), set()
        for _, event in events:
            origin = str(event.originator_id)
            if isinstance(event, Subscription.Purchased):
                self.ledgers[str(ledger_id_for(event.originator_id))] = origin
            if isinstance(event, SubscriptionRefunds.Event):
                found.add(origin)
            elif isinstance(event, EntitlementLedger.Event):
                if origin in self.ledgers:
                    found.add(self.ledgers[origin])
                else:
                    unknown.add(origin)
        subs = self.t["fin_subscriptions"]
        for part in chunks(unknown):
            query = select(subs.c.ledger_id, subs.c.subscription_id)
            for ledger_id, subscription_id in conn.execute(
                query.where(one_of(conn, subs.c.ledger_id, part))
            ):
                self.ledgers[str(ledger_id)] = str(subscription_id)
                found.add(str(subscription_id))
        return found


def daily_totals(subs: Iterable[Row], refunds: Iterable[Row]) -> Totals:
    """What these rows add to the daily totals (purchases by day bought, paid refunds by
    day paid). A purchase never changes; a refund counts once paid."""
    totals: Totals = Counter()
    for sub in subs:
        key = (sub["purchased_on"], sub["payer_type"])
        totals[(*key, "purchases_count")] += 1
        totals[(*key, "purchases_amount")] += int(sub["paid"])
    for refund in refunds:
        if refund["status"] == "paid" and refund["paid_on"] is not None:
            key = (refund["paid_on"], refund["payer_type"])
            totals[(*key, "refunds_paid_count")] += 1
            totals[(*key, "refunds_paid_amount")] += int(refund["paid_amount"] or 0)
    return totals
