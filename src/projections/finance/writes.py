"""Idempotent writes of the finance projection: upserts, and figures recomputed from rows.

Derived figures (a subscription's balance, an item's redeemed count, a day's totals)
are always recomputed from the rows they summarise rather than incremented, so
applying an event twice leaves the same result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, Table, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from domain.money import allocate
from domain.refunds import COMMITTED

REDEEMED = ("redeemed", "confirmed", "upheld")
AWAITING_PAYOUT = ("approved", "payment_failed")


def upsert(
    conn: Connection,
    table: Table,
    row: Mapping[str, Any],
    keys: Sequence[str],
    *,
    keep_existing: bool = False,
) -> None:
    """Insert `row`, or update its other columns where the `keys` already exist.

    With `keep_existing`, an existing row is left as it is (insert if new).
    """
    values = {} if keep_existing else {k: v for k, v in row.items() if k not in keys}
    if conn.dialect.name == "postgresql":
        pg = postgresql.insert(table).values(**row)
        conn.execute(
            pg.on_conflict_do_update(index_elements=list(keys), set_=values)
            if values
            else pg.on_conflict_do_nothing(index_elements=list(keys))
        )
        return
    lite = sqlite.insert(table).values(**row)
    conn.execute(
        lite.on_conflict_do_update(index_elements=list(keys), set_=values)
        if values
        else lite.on_conflict_do_nothing(index_elements=list(keys))
    )


def redeemed_value(value: int, quantity: int, redeemed: int) -> int:
    """Redemptions consume units from the front of the item's exact unit values."""
    return sum(allocate(value, [1] * quantity)[: max(0, min(redeemed, quantity))])


def refresh_item(conn: Connection, t: Mapping[str, Table], subscription_id: str, code: str) -> None:
    redemptions, items = t["fin_redemptions"], t["fin_subscription_items"]
    count = conn.execute(
        select(func.count()).where(
            redemptions.c.subscription_id == subscription_id,
            redemptions.c.item_code == code,
            redemptions.c.status.in_(REDEEMED),
        )
    ).scalar_one()
    conn.execute(
        update(items)
        .where(items.c.subscription_id == subscription_id, items.c.code == code)
        .values(redeemed=count)
    )


def refresh_balance(conn: Connection, t: Mapping[str, Table], subscription_id: str) -> None:
    """Paid, refunded, committed, refundable, redeemed and undelivered value of one subscription."""
    subs, refunds, items = t["fin_subscriptions"], t["fin_refunds"], t["fin_subscription_items"]
    paid = conn.execute(
        select(subs.c.paid).where(subs.c.subscription_id == subscription_id)
    ).scalar_one_or_none()
    if paid is None:
        return
    committed = refunded = awaiting = 0
    for status, approved, paid_out in conn.execute(
        select(refunds.c.status, refunds.c.approved_amount, refunds.c.paid_amount).where(
            refunds.c.subscription_id == subscription_id
        )
    ):
        if status in COMMITTED:
            committed += approved or 0
        if status in AWAITING_PAYOUT:
            awaiting += approved or 0
        if status == "paid":
            refunded += paid_out or 0
    redeemed = sum(
        redeemed_value(row.value, row.quantity, row.redeemed)
        for row in conn.execute(
            select(items.c.value, items.c.quantity, items.c.redeemed).where(
                items.c.subscription_id == subscription_id
            )
        )
    )
    conn.execute(
        update(subs)
        .where(subs.c.subscription_id == subscription_id)
        .values(
            refunded=refunded,
            committed=committed,
            awaiting_payout=awaiting,
            refundable=paid - committed,
            redeemed_value=redeemed,
            undelivered_value=max(0, paid - redeemed - refunded),
        )
    )


def refresh_daily(conn: Connection, t: Mapping[str, Table], day: date, payer_type: str) -> None:
    """One day's purchases and paid refunds for one payer type (days are UTC dates)."""
    subs, refunds = t["fin_subscriptions"], t["fin_refunds"]
    bought = conn.execute(
        select(func.count(), func.coalesce(func.sum(subs.c.paid), 0)).where(
            subs.c.purchased_on == day, subs.c.payer_type == payer_type
        )
    ).one()
    paid = conn.execute(
        select(func.count(), func.coalesce(func.sum(refunds.c.paid_amount), 0)).where(
            refunds.c.paid_on == day,
            refunds.c.payer_type == payer_type,
            refunds.c.status == "paid",
        )
    ).one()
    upsert(
        conn,
        t["fin_daily"],
        {
            "day": day,
            "payer_type": payer_type,
            "purchases_count": int(bought[0]),
            "purchases_amount": int(bought[1]),
            "refunds_paid_count": int(paid[0]),
            "refunds_paid_amount": int(paid[1]),
        },
        ("day", "payer_type"),
    )
