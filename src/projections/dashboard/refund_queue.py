"""The refunds queue of service staff and leads: refunds by the step they wait at.

A refund's stage is what the people handling it care about (product §2.4): `requested`
(quoted, nobody phoned yet), `agreed` (a service lead approves), `awaiting_finance` (an
agreed amount above the quote, or goodwill: finance approves), `approved` (payout due or
failed), `paid`, `rejected`, `withdrawn`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select, true

from projections.dashboard.paging import Db, Page, keyset, run
from projections.dashboard.tables_sales import dash_packages, dash_refunds

r, p = dash_refunds, dash_packages
_OPEN = ("requested", "quoted")
_NEEDS_FINANCE = or_(r.c.scope == "goodwill", and_(r.c.agreed.is_not(None), r.c.agreed > r.c.quote))
_AGREED = r.c.status == "agreed"

STAGES: dict[str, ColumnElement[bool]] = {
    "requested": r.c.status.in_(_OPEN),
    "agreed": and_(_AGREED, ~_NEEDS_FINANCE),
    "awaiting_finance": and_(_AGREED, _NEEDS_FINANCE),
    "approved": r.c.status.in_(("approved", "payment_failed")),
    "paid": r.c.status == "paid",
    "rejected": r.c.status == "rejected",
    "withdrawn": r.c.status == "withdrawn",
}
_STAGE = case(*((condition, name) for name, condition in STAGES.items()), else_="other")


def _scope(departments: Sequence[str] | None) -> ColumnElement[bool]:
    return true() if departments is None else r.c.department.in_(list(departments))


def refund_queue(
    db: Db,
    departments: Sequence[str] | None,
    stage: str | None,
    *,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[dict[str, Any]]:
    """One page of refunds in the departments (None: all), oldest request first."""
    query = (
        select(
            r.c.refund_id, r.c.subscription_id, r.c.patient_id, r.c.package_id, r.c.department,
            r.c.status, _STAGE.label("stage"), r.c.scope, r.c.channel, r.c.reason_code,
            r.c.requested_at, r.c.requested_position, r.c.quote, r.c.agreed, r.c.approved,
            r.c.paid, p.c.code.label("package_code"), p.c.name.label("package_name"),
            p.c.currency,
        )
        .select_from(r.outerjoin(p, p.c.package_id == r.c.package_id))
        .where(_scope(departments))
    )  # fmt: skip
    if stage is not None:
        query = query.where(STAGES[stage])
    return keyset(db, query, (r.c.requested_position, r.c.refund_id), cursor, limit, dict)


def stage_counts(db: Db, departments: Sequence[str] | None) -> dict[str, int]:
    """How many refunds wait at each stage, in the departments: the queue's tabs."""
    stage = _STAGE.label("stage")
    rows = run(db, select(stage, func.count()).where(_scope(departments)).group_by(stage))
    found = dict.fromkeys(STAGES, 0)
    for row in rows:
        values = tuple(row.values())
        if values[0] in found:
            found[values[0]] = int(values[1])
    return found
