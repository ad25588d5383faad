"""Dashboard queries for the API: summary counters, patient list, worklists, timeline, packages.

`departments` is the caller's data scope: a list of departments, or None for all. Every
list is keyset-paginated by an opaque cursor (`limit` ≤ 200). Money is in fen.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Engine, Select, func, or_, select, true

from projections.dashboard.keys import iso_week
from projections.dashboard.paging import Db, InvalidCursor, Page, keyset, run
from projections.dashboard.patient_facts import matching
from projections.dashboard.results import (
    DepartmentSummary,
    PackageFigures,
    PatientRow,
    TimelineEntry,
)
from projections.dashboard.tables import (
    dash_episodes,
    dash_packages,
    dash_patients,
    dash_registrations,
    dash_timeline,
    dash_weekly_redemptions,
)
from projections.dashboard.worklists import WORKLISTS, worklist, worklist_query

__all__ = ["InvalidCursor", "Page", "packages", "patients", "summary", "timeline", "worklist"]
__all__ += ["WORKLISTS", "DepartmentSummary", "PackageFigures", "PatientRow", "TimelineEntry"]
UNSCREENED = "unscreened"


def in_scope(column: Any, departments: Sequence[str] | None) -> ColumnElement[bool]:
    return true() if departments is None else column.in_(list(departments))


def _counts(db: Db, query: Select[Any]) -> dict[tuple[Any, ...], int]:
    return {tuple(row.values())[:-1]: int(tuple(row.values())[-1]) for row in run(db, query)}


def _by_department(
    db: Db, name: str, departments: Sequence[str] | None, today: date, *extra: str
) -> dict[tuple[Any, ...], int]:
    """A worklist's length per department (and `extra` columns): counters match the lists."""
    rows = worklist_query(name, departments, today).subquery()
    keys = [rows.c.department, *(rows.c[column] for column in extra)]
    return _counts(db, select(*keys, func.count()).group_by(*keys))


def summary(db: Db, departments: Sequence[str] | None, today: date) -> dict[str, DepartmentSummary]:
    """The counters of product §4 for each department in scope (all known ones for None)."""
    if isinstance(db, Engine):
        # One connection for the nine statements (profiled: a checkout and a rollback
        # each cost more than most of the counts).
        with db.connect() as conn:
            return summary(conn, departments, today)
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


def patients(
    db: Db,
    departments: Sequence[str] | None,
    *,
    vip: bool | None = None,
    risk_tier: str | None = None,
    stage: str | None = None,
    consultation_pending: bool | None = None,
    follow_up_due_by: date | None = None,
    q: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[PatientRow]:
    """One row per patient and department; `risk_tier="unscreened"` finds the unscreened;
    `q` finds patients whose name or phone contains it."""
    p, r = dash_patients, dash_registrations
    who = (r.c.name, r.c.sex, r.c.birth_date, r.c.phone)
    query = (
        select(p, *who)
        .select_from(p.outerjoin(r, r.c.patient_id == p.c.patient_id))
        .where(in_scope(p.c.department, departments))
    )
    if q:
        query = query.where(matching(q))
    if vip is not None:
        query = query.where(p.c.vip == vip)
    if risk_tier == UNSCREENED:
        query = query.where(p.c.risk_tier.is_(None))
    elif risk_tier is not None:
        query = query.where(p.c.risk_tier == risk_tier)
    if stage is not None:
        query = query.where(p.c.stage == stage)
    if consultation_pending is not None:
        query = query.where(p.c.consultation_pending == consultation_pending)
    if follow_up_due_by is not None:
        query = query.where(p.c.next_follow_up <= follow_up_due_by)
    order = [p.c.patient_id, p.c.department]
    return keyset(db, query, order, cursor, limit, lambda row: PatientRow(**row))


def timeline(
    db: Db,
    patient_id: str,
    *,
    departments: list[str] | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[TimelineEntry]:
    """The patient's events, oldest first; with `departments`, only the entries of episodes
    in those departments besides those about the patient as a whole."""
    t = dash_timeline
    query = select(t.c.position, t.c.at, t.c.type, t.c.summary).where(
        t.c.patient_id == str(patient_id)
    )
    if departments is not None:
        query = query.where(or_(t.c.department.is_(None), t.c.department.in_(departments)))
    return keyset(db, query, [t.c.position], cursor, limit, lambda row: TimelineEntry(**row))


def _ratio(part: int, whole: int) -> float | None:
    return None if whole == 0 else min(1.0, part / whole)


def packages(db: Db) -> list[PackageFigures]:
    """Every package version with its sales and service figures, by code then version."""
    rows = run(db, select(dash_packages).order_by(dash_packages.c.code, dash_packages.c.version))
    return [
        PackageFigures(
            **{k: v for k, v in row.items() if k != "disease_codes"},
            disease_codes=[c for c in str(row["disease_codes"]).split(",") if c],
            conversion=_ratio(row["recommended_sales"], row["recommendations"]),
            redemption_rate=_ratio(row["units_redeemed"], row["units_granted"]),
            refund_rate=_ratio(row["refunded_subscriptions"], row["sales"]),
        )
        for row in rows
    ]
