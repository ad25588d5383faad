"""Finance figures per package: balances and deferred revenue, and series per day.

Both are sums over the finance rows (no table of their own): per package, what its
subscriptions paid, refunded, committed and have yet to deliver (deferred revenue); per
hospital day and package, purchases, redemptions taken and refunds paid.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Engine, func, select

from projections.finance.tables import fin_redemptions, fin_refunds, fin_subscriptions
from projections.finance.writes import REDEEMED

PACKAGE_MONEY = ("paid", "refunded", "committed", "awaiting_payout", "refundable",
                 "redeemed_value", "undelivered_value")  # fmt: skip
SERIES_COUNTS = ("purchases_count", "redemptions_count", "refunds_paid_count")
SERIES_MONEY = ("purchases_amount", "refunds_paid_amount")


def package_balances(engine: Engine) -> list[dict[str, Any]]:
    """One row per package and currency: subscriptions and the sums of their balances."""
    s = fin_subscriptions
    sums = [func.sum(s.c[name]).label(name) for name in PACKAGE_MONEY]
    query = (
        select(s.c.package_id, s.c.currency, func.count().label("subscriptions"), *sums)
        .group_by(s.c.package_id, s.c.currency)
        .order_by(s.c.package_id, s.c.currency)
    )
    with engine.connect() as conn:
        return [
            {**row._mapping, **{name: int(row._mapping[name] or 0) for name in PACKAGE_MONEY}}
            for row in conn.execute(query)
        ]


def _within(column: Any, since: date | None, until: date | None) -> list[ColumnElement[bool]]:
    found = [column.is_not(None)]
    found += [column >= since] if since is not None else []
    found += [column <= until] if until is not None else []
    return found


def series(
    engine: Engine, since: date | None = None, until: date | None = None
) -> list[dict[str, Any]]:
    """Per hospital day and package (bounds inclusive): purchases (count, amount),
    redemptions taken and not reversed (count), refunds paid (count, amount)."""
    s, r, d = fin_subscriptions, fin_refunds, fin_redemptions
    bought = (
        select(s.c.purchased_on, s.c.package_id, s.c.currency, func.count(), func.sum(s.c.paid))
        .where(*_within(s.c.purchased_on, since, until))
        .group_by(s.c.purchased_on, s.c.package_id, s.c.currency)
    )
    taken = (
        select(d.c.taken_on, s.c.package_id, s.c.currency, func.count())
        .select_from(d.join(s, s.c.subscription_id == d.c.subscription_id))
        .where(d.c.status.in_(REDEEMED), *_within(d.c.taken_on, since, until))
        .group_by(d.c.taken_on, s.c.package_id, s.c.currency)
    )
    refunded = (
        select(r.c.paid_on, r.c.package_id, r.c.currency, func.count(), func.sum(r.c.paid_amount))
        .where(r.c.status == "paid", *_within(r.c.paid_on, since, until))
        .group_by(r.c.paid_on, r.c.package_id, r.c.currency)
    )
    rows: dict[tuple[Any, ...], dict[str, Any]] = {}
    with engine.connect() as conn:
        _add(rows, conn.execute(bought), "purchases_count", "purchases_amount")
        _add(rows, conn.execute(taken), "redemptions_count", None)
        _add(rows, conn.execute(refunded), "refunds_paid_count", "refunds_paid_amount")
    return [rows[key] for key in sorted(rows, key=lambda k: (k[0], k[1], k[2]))]


def _add(
    rows: dict[tuple[Any, ...], dict[str, Any]],
    found: Iterable[Any],
    count: str,
    amount: str | None,
) -> None:
    for day, package_id, currency, n, *total in found:
        row = rows.setdefault(
            (day, package_id, currency),
            {"day": day, "package_id": package_id, "currency": currency,
             **dict.fromkeys(SERIES_COUNTS + SERIES_MONEY, 0)},
        )  # fmt: skip
        row[count] = int(n)
        if amount is not None:
            row[amount] = int(total[0] or 0)
