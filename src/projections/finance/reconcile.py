"""Reconciliation of a settlement file against our purchases and paid refunds.

Each file line is `matched` (same amount and currency), `amount_mismatch`, or
`unknown_to_us` (no purchase with that payment reference / no paid refund with that
provider reference). `missing_at_provider` lines are our records the file lacks — but
only those dated (purchase time, payout time; the hospital's days) within the file's own
settled_at date range: a daily file must not flag every other day's movements.
The report and its lines are stored in one transaction, after the whole file parsed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from typing import Any
from uuid import uuid4

from sqlalchemy import Connection, Engine, Select, insert, select

from domain.context import Actor
from projections.finance.settlement import SettlementLine, Source, parse_settlement
from projections.finance.tables import (
    fin_reconciliation_lines,
    fin_reconciliations,
    fin_refunds,
    fin_subscriptions,
)
from projections.schema import projection_positions

NAME = "finance"  # the projection whose records a reconciliation reads
STATUSES = ("matched", "amount_mismatch", "missing_at_provider", "unknown_to_us")
_CHUNK = 500  # stay under bind-parameter limits


@dataclass(frozen=True)
class Ours:
    """One of our money movements as the provider should know it."""

    provider_ref: str
    kind: str
    amount: int
    currency: str
    subscription_id: str
    refund_id: str | None


def import_settlement(
    engine: Engine,
    source: Source,
    actor: Actor,
    *,
    now: datetime | None = None,
    zone: tzinfo = UTC,
) -> str:
    """Parse, match and store a settlement file; the new report's id.

    Raises `SettlementError` (naming the line) before anything is stored.
    """
    return import_settlement_at(engine, source, actor, now=now, zone=zone)[0]


def import_settlement_at(
    engine: Engine,
    source: Source,
    actor: Actor,
    *,
    now: datetime | None = None,
    zone: tzinfo = UTC,
) -> tuple[str, int]:
    """`import_settlement`, and the store position the finance records it was matched
    against had reached (read first, in the same transaction: the records are at least
    that new), so a client can read the rest of finance `after=` it."""
    lines = parse_settlement(source, zone)
    days = [x.settled_at.astimezone(zone).date() for x in lines]
    period = (min(days), max(days)) if days else None
    report_id = str(uuid4())
    with engine.begin() as conn:
        position = conn.execute(
            select(projection_positions.c.position).where(projection_positions.c.name == NAME)
        ).scalar()
        ours = _ours(conn, lines, period)
        rows = _match(report_id, lines, ours, period)
        conn.execute(
            insert(fin_reconciliations),
            {
                "id": report_id,
                "created_at": now or datetime.now(UTC),
                "created_by": actor.user_id,
                "created_role": actor.role,
                "period_from": period[0] if period else None,
                "period_to": period[1] if period else None,
                "line_count": len(rows),
            },
        )
        if rows:
            conn.execute(insert(fin_reconciliation_lines), rows)
    return report_id, int(position or 0)


def _ours(
    conn: Connection, lines: Sequence[SettlementLine], period: tuple[date, date] | None
) -> dict[tuple[str, str], Ours]:
    """Our records the file names, and those dated within its period."""
    s, r = fin_subscriptions, fin_refunds
    pay_q = select(s.c.payment_ref, s.c.paid, s.c.currency, s.c.subscription_id)
    ref_q = select(
        r.c.provider_ref, r.c.paid_amount, r.c.currency, r.c.subscription_id, r.c.refund_id
    ).where(r.c.status == "paid")
    queries: list[tuple[str, Select[Any]]] = []
    by_ref = (("payment", pay_q, s.c.payment_ref), ("refund", ref_q, r.c.provider_ref))
    for kind, query, ref_col in by_ref:
        refs = sorted({x.provider_ref for x in lines if x.kind == kind})
        for start in range(0, len(refs), _CHUNK):
            queries.append((kind, query.where(ref_col.in_(refs[start : start + _CHUNK]))))
    if period is not None:
        queries.append(("payment", pay_q.where(s.c.purchased_on.between(*period))))
        queries.append(("refund", ref_q.where(r.c.paid_on.between(*period))))
    found: dict[tuple[str, str], Ours] = {}
    for kind, query in queries:
        for row in conn.execute(query):
            refund_id = str(row[4]) if kind == "refund" else None
            found.setdefault(
                (str(row[0]), kind),
                Ours(str(row[0]), kind, int(row[1]), str(row[2]), str(row[3]), refund_id),
            )
    return found


def _match(
    report_id: str,
    lines: Sequence[SettlementLine],
    ours: dict[tuple[str, str], Ours],
    period: tuple[date, date] | None,
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for line in lines:
        mine = ours.get((line.provider_ref, line.kind))
        if mine is None:
            status = "unknown_to_us"
        elif mine.amount == line.amount and mine.currency == line.currency:
            status = "matched"
        else:
            status = "amount_mismatch"
        rows.append(_row(report_id, len(rows) + 1, status, line, mine))
    in_file = {(x.provider_ref, x.kind) for x in lines}
    if period is not None:
        missing = sorted(
            (o for key, o in ours.items() if key not in in_file),
            key=lambda o: (o.kind, o.provider_ref),
        )
        rows += [
            _row(report_id, len(rows) + 1 + i, "missing_at_provider", None, o)
            for i, o in enumerate(missing)
        ]
    return rows


def _row(
    report_id: str, seq: int, status: str, line: SettlementLine | None, mine: Ours | None
) -> dict[str, Any]:
    either = line or mine
    assert either is not None
    return {
        "report_id": report_id,
        "seq": seq,
        "file_line": line.line if line else None,
        "provider_ref": either.provider_ref,
        "kind": either.kind,
        "amount": either.amount,
        "provider_amount": line.amount if line else None,
        "our_amount": mine.amount if mine else None,
        "currency": either.currency,
        "settled_at": line.settled_at if line else None,
        "status": status,
        "subscription_id": mine.subscription_id if mine else None,
        "refund_id": mine.refund_id if mine else None,
    }
