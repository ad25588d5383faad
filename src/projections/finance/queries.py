"""Finance read-model queries for the API: plain dicts, amounts as integer fen.

Times are timezone-aware UTC datetimes, days `date`s; the API formats both, and money.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Select, select

from projections.finance.export import csv_lines
from projections.finance.reconcile import STATUSES
from projections.finance.tables import (
    fin_daily,
    fin_reconciliation_lines,
    fin_reconciliations,
    fin_refunds,
    fin_subscription_items,
    fin_subscriptions,
)
from projections.reading import Db, connected

__all__ = [
    "REFUND_STATUSES",
    "RefundFilter",
    "balance",
    "daily",
    "get_report",
    "refunds",
    "refunds_csv",
]

REFUND_STATUSES = frozenset(
    {"requested", "quoted", "agreed", "approved", "paid", "payment_failed", "rejected", "withdrawn"}
)

MAX_LIMIT = 200
_HIDDEN = frozenset({"requested_position"})


def refund_row(row: Any) -> dict[str, Any]:
    found = {k: v for k, v in row._mapping.items() if k not in _HIDDEN}
    found["items"] = json.loads(found["items"])
    return found


@dataclass(frozen=True)
class RefundFilter:
    """Which refunds a list or export shows; every given field must match.

    `since` is inclusive and `until` exclusive, both on the request time; `patient_id`
    matches the refunds of that patient's subscriptions."""

    status: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    subscription_id: str | None = None
    patient_id: str | None = None
    package_id: str | None = None


def refund_filters(query: Select[Any], f: RefundFilter, through: int | None = None) -> Select[Any]:
    t = fin_refunds
    if f.status is not None:
        if f.status not in REFUND_STATUSES:
            raise ValueError(f"status must be one of {sorted(REFUND_STATUSES)}")
        query = query.where(t.c.status == f.status)
    if f.since is not None:
        query = query.where(t.c.requested_at >= f.since)
    if f.until is not None:
        query = query.where(t.c.requested_at < f.until)
    if f.subscription_id is not None:
        query = query.where(t.c.subscription_id == f.subscription_id)
    if f.package_id is not None:
        query = query.where(t.c.package_id == f.package_id)
    if f.patient_id is not None:
        s = fin_subscriptions
        theirs = select(s.c.subscription_id).where(s.c.patient_id == f.patient_id)
        query = query.where(t.c.subscription_id.in_(theirs))
    if through is not None:
        query = query.where(t.c.requested_position <= through)
    return query


def refunds(
    engine: Db,
    f: RefundFilter | None = None,
    *,
    cursor: str | None = None,
    limit: int = 50,
    through: int | None = None,
) -> dict[str, Any]:
    """Refunds in request order, filtered by `f`, and by request position up to
    `through` (an export's bound).

    Answers `{"items": [...], "next_cursor": str | None}`; raises ValueError on a bad
    status, cursor or limit.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be between 1 and {MAX_LIMIT}")
    t = fin_refunds
    query = select(t).order_by(t.c.requested_position).limit(limit + 1)
    query = refund_filters(query, f or RefundFilter(), through)
    if cursor:
        if not cursor.isdigit():
            raise ValueError("invalid cursor")
        query = query.where(t.c.requested_position > int(cursor))
    with connected(engine) as conn:
        rows = conn.execute(query).all()
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": [refund_row(r) for r in rows],
        "next_cursor": str(rows[-1].requested_position) if more else None,
    }


def refund(engine: Db, refund_id: UUID | str) -> dict[str, Any] | None:
    with connected(engine) as conn:
        row = conn.execute(select(fin_refunds).where(fin_refunds.c.refund_id == str(refund_id)))
        found = row.first()
    return None if found is None else refund_row(found)


def balance(engine: Db, subscription_id: UUID | str) -> dict[str, Any] | None:
    """paid, refunded, refundable, redeemed_value, undelivered_value (and more); None if unknown."""
    s, i = fin_subscriptions, fin_subscription_items
    with connected(engine) as conn:
        row = conn.execute(select(s).where(s.c.subscription_id == str(subscription_id))).first()
        if row is None:
            return None
        items = conn.execute(
            select(i.c.code, i.c.quantity, i.c.weight, i.c.value, i.c.redeemed)
            .where(i.c.subscription_id == str(subscription_id))
            .order_by(i.c.code)
        ).all()
    found = dict(row._mapping)
    del found["ledger_id"]
    found["items"] = [dict(item._mapping) for item in items]
    return found


def daily(engine: Db, since: date | None = None, until: date | None = None) -> list[dict[str, Any]]:
    """Totals per hospital day (CAREPACK_TIMEZONE) and payer type, bounds inclusive."""
    t = fin_daily
    query = select(t).order_by(t.c.day, t.c.payer_type)
    if since is not None:
        query = query.where(t.c.day >= since)
    if until is not None:
        query = query.where(t.c.day <= until)
    with connected(engine) as conn:
        return [dict(row._mapping) for row in conn.execute(query)]


def get_report(engine: Db, report_id: UUID | str) -> dict[str, Any] | None:
    """A stored reconciliation: its header, counts per status and lines in order; or None."""
    r, ln = fin_reconciliations, fin_reconciliation_lines
    with connected(engine) as conn:
        head = conn.execute(select(r).where(r.c.id == str(report_id))).first()
        if head is None:
            return None
        lines = conn.execute(
            select(ln).where(ln.c.report_id == str(report_id)).order_by(ln.c.seq)
        ).all()
    report = dict(head._mapping)
    report["lines"] = [
        {k: v for k, v in line._mapping.items() if k != "report_id"} for line in lines
    ]
    counts = dict.fromkeys(STATUSES, 0)
    for line in report["lines"]:
        counts[line["status"]] += 1
    report["counts"] = counts
    return report


def iter_refunds(
    engine: Db,
    f: RefundFilter | None = None,
    *,
    page: int = MAX_LIMIT,
    through: int | None = None,
) -> Iterator[dict[str, Any]]:
    """Every matching refund row (up to position `through`), fetched a page at a time."""
    cursor: str | None = None
    while True:
        found = refunds(engine, f, cursor=cursor, limit=page, through=through)
        yield from found["items"]
        cursor = found["next_cursor"]
        if cursor is None:
            return


def refunds_csv(
    engine: Db,
    f: RefundFilter | None = None,
    *,
    through: int | None = None,
) -> Iterator[str]:
    """The refunds of `refunds(...)` as CSV, streamed in chunks (header first)."""
    return csv_lines(iter_refunds(engine, f, through=through))
