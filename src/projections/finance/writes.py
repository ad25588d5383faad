"""Idempotent writes of the finance projection: upserts, and figures recomputed from rows.

Derived figures (a subscription's balance, an item's redeemed count) are recomputed
from the rows they summarise, once per touched key at the end of a batch; a day's
totals move by the difference the batch's rows make. Applying an event twice leaves
the same result.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Table

from domain.money import allocate
from domain.refunds import COMMITTED
from projections.finance.state import State, daily_totals
from projections.lowlevel.batch_rows import add_many, pipelined, upsert_many

REDEEMED = ("redeemed", "confirmed", "upheld")
AWAITING_PAYOUT = ("approved", "payment_failed")
DAILY = ("purchases_count", "purchases_amount", "refunds_paid_count", "refunds_paid_amount")


def redeemed_value(value: int, quantity: int, redeemed: int) -> int:
    """Redemptions consume units from the front of the item's exact unit values."""
    return sum(allocate(value, [1] * quantity)[: max(0, min(redeemed, quantity))])


def finish(conn: Connection, s: State) -> None:
    """Recompute the touched items' counts and balances, then write each table once."""
    for subscription_id, code in s.items_touched:
        redeemed = sum(
            r["item_code"] == code and r["status"] in REDEEMED
            for r in s.redemptions.group("subscription_id", subscription_id)
        )
        s.items.change((subscription_id, code), redeemed=redeemed)
    for subscription_id in s.balances:
        _balance(s, subscription_id)
    with pipelined(conn):
        for rows in s.facts():
            upsert_many(conn, rows.table, [_full(rows.table, r) for r in rows.changed()], rows.key)
        _write_daily(conn, s)


def _full(table: Table, row: Mapping[str, Any]) -> dict[str, Any]:
    """The row with every column (a new refund row names only its first step's)."""
    return {c.name: row.get(c.name) for c in table.columns}


def _balance(s: State, subscription_id: str) -> None:
    """Paid, refunded, committed, refundable, redeemed and undelivered value of one subscription."""
    sub = s.subs.get(subscription_id)
    if sub is None:
        return
    paid = int(sub["paid"])
    committed = refunded = awaiting = 0
    for refund in s.refunds.group("subscription_id", subscription_id):
        status, approved = refund["status"], refund.get("approved_amount") or 0
        if status in COMMITTED:
            committed += approved
        if status in AWAITING_PAYOUT:
            awaiting += approved
        if status == "paid":
            refunded += refund.get("paid_amount") or 0
    redeemed = sum(
        redeemed_value(item["value"], item["quantity"], item["redeemed"])
        for item in s.items.group("subscription_id", subscription_id)
    )
    s.subs.change(
        subscription_id,
        refunded=refunded,
        committed=committed,
        awaiting_payout=awaiting,
        refundable=paid - committed,
        redeemed_value=redeemed,
        undelivered_value=max(0, paid - redeemed - refunded),
    )


def _write_daily(conn: Connection, s: State) -> None:
    """Move each day's totals by what the batch's rows add now less what they added before
    (the same as recounting them: the other rows of those days did not change)."""
    after = daily_totals(s.subs.rows.values(), s.refunds.rows.values())
    after.subtract(s.daily_before)
    days: dict[tuple[Any, str], dict[str, Any]] = {}
    for (day, payer_type, column), delta in sorted(after.items(), key=str):
        if delta:
            row = days.setdefault((day, payer_type), {"day": day, "payer_type": payer_type})
            row[column] = delta
    rows = [{**dict.fromkeys(DAILY, 0), **row} for row in days.values()]
    add_many(conn, s.t["fin_daily"], rows, ["day", "payer_type"])
