"""The department summary counted from the rows, as the query did before the projection
kept counters (migration 0015): the reference the counters must equal."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Engine, Select, func, select

from projections.dashboard.keys import iso_week
from projections.dashboard.paging import Db, run
from projections.dashboard.queries import UNSCREENED, in_scope
from projections.dashboard.results import DepartmentSummary
from projections.dashboard.tables import dash_episodes, dash_patients, dash_weekly_redemptions
from projections.dashboard.worklists import worklist_query


def _counts(db: Db, query: Select[Any]) -> dict[tuple[Any, ...], int]:
    return {tuple(row.values())[:-1]: int(tuple(row.values())[-1]) for row in run(db, query)}


def _by_department(
    db: Db, name: str, departments: Sequence[str] | None, today: date, *extra: str
) -> dict[tuple[Any, ...], int]:
    """A worklist's length per department (and `extra` columns): counters match the lists."""
    rows = worklist_query(name, departments, today).subquery()
    keys = [rows.c.department, *(rows.c[column] for column in extra)]
    return _counts(db, select(*keys, func.count()).group_by(*keys))


def summary_by_rows(
    db: Db, departments: Sequence[str] | None, today: date
) -> dict[str, DepartmentSummary]:
    """The counters of product §4 for each department in scope (all known ones for None)."""
    if isinstance(db, Engine):
        # One connection for the nine statements (profiled: a checkout and a rollback
        # each cost more than most of the counts).
        with db.connect() as conn:
            return summary_by_rows(conn, departments, today)
    e, p = dash_episodes, dash_patients
    stages = _counts(db, select(e.c.department, e.c.stage, func.count()).where(
        in_scope(e.c.department, departments)).group_by(e.c.department, e.c.stage))  # fmt: skip
    tiers: dict[tuple[Any, ...], int] = {}
    vip: dict[tuple[Any, ...], int] = {}
    # Tiers and VIPs in one scan of the (department, risk_tier, vip) index.
    by_tier = select(p.c.department, p.c.risk_tier, func.count(), func.count().filter(p.c.vip))
    tier_rows = run(db, by_tier.where(in_scope(p.c.department, departments)).group_by(
        p.c.department, p.c.risk_tier))  # fmt: skip
    for department, tier, count, vips in (tuple(row.values()) for row in tier_rows):
        tiers[(department, tier)] = int(count)
        vip[(department,)] = vip.get((department,), 0) + int(vips)
    counted = ("pending_consultations", "unconfirmed_redemptions", "open_refunds")
    lists = {
        key: _by_department(db, key, departments, today)
        for key in (*counted, "at_risk_without_plan")
    }
    ending = _by_department(db, "ending_soon", departments, today)
    follow_ups = _by_department(db, "follow_ups_due", departments, today, "overdue")
    w = dash_weekly_redemptions
    weekly = {
        str(row["department"]): int(row["redemptions"])
        for row in run(db, select(w).where(w.c.iso_week == iso_week(today)))
    }
    names = departments
    if names is None:
        names = [str(r["department"]) for r in run(db, select(e.c.department).distinct())]
    return {
        name: DepartmentSummary(
            department=name,
            episodes_by_stage={str(k[1]): n for k, n in stages.items() if k[0] == name},
            patients_by_risk_tier={k[1] or UNSCREENED: n for k, n in tiers.items() if k[0] == name},
            vip_patients=vip.get((name,), 0),
            **{key: found.get((name,), 0) for key, found in lists.items()},
            ending_soon=ending.get((name,), 0),
            follow_ups_due_today=follow_ups.get((name, False), 0),
            follow_ups_overdue=follow_ups.get((name, True), 0),
            redemptions_this_week=weekly.get(name, 0),
        )
        for name in sorted(set(names))
    }
