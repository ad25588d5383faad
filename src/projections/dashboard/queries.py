"""Dashboard queries for the API: summary counters, patient list, worklists, timeline, packages.

`departments` is the caller's data scope: a list of departments, or None for all. Every
list is keyset-paginated by an opaque cursor (`limit` ≤ 200). Money is in fen.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select, true

from projections.dashboard.counters import DATED
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
    dash_counters,
    dash_packages,
    dash_patients,
    dash_registrations,
    dash_timeline,
    dash_weekly_redemptions,
)
from projections.dashboard.worklists import ENDING_SOON_DAYS, WORKLISTS, worklist
from projections.reading import connected

__all__ = ["InvalidCursor", "Page", "packages", "patients", "summary", "timeline", "worklist"]
__all__ += ["WORKLISTS", "DepartmentSummary", "PackageFigures", "PatientRow", "TimelineEntry"]
UNSCREENED = "unscreened"


def in_scope(column: Any, departments: Sequence[str] | None) -> ColumnElement[bool]:
    return true() if departments is None else column.in_(list(departments))


def summary(db: Db, departments: Sequence[str] | None, today: date) -> dict[str, DepartmentSummary]:
    """The counters of product §4 for each department in scope (all known ones for None):
    a few rows per department, kept by the projection (`counters.py`)."""
    c, w = dash_counters, dash_weekly_redemptions
    day, horizon = today.isoformat(), (today + timedelta(ENDING_SOON_DAYS)).isoformat()
    in_window = or_(
        c.c.counter.not_in(DATED),
        and_(c.c.counter == "follow_ups_due", c.c.key <= day),
        and_(c.c.counter == "ending_soon", c.c.key.between(day, horizon)),
    )
    with connected(db) as conn:  # one connection for both statements
        rows = run(conn, select(c).where(in_scope(c.c.department, departments), in_window))
        week = run(conn, select(w).where(w.c.iso_week == iso_week(today)))
    weekly = {str(row["department"]): int(row["redemptions"]) for row in week}
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        department, counter, key, count = (
            row[k] for k in ("department", "counter", "key", "count")
        )
        into = found.setdefault(department, _empty())
        if counter == "episodes_by_stage":
            into["episodes_by_stage"][key] = count
        elif counter == "risk_tier":
            into["patients_by_risk_tier"][key or UNSCREENED] = count
        elif counter == "follow_ups_due":
            into["follow_ups_due_today" if key == day else "follow_ups_overdue"] += count
        else:
            into[COUNTERS.get(counter, counter)] += count
    # All known departments: those with episodes, as the lists count them.
    names = {d for d, v in found.items() if v["episodes_by_stage"]}
    names = names if departments is None else set(departments)
    return {
        name: DepartmentSummary(
            department=name, **found.get(name, _empty()), redemptions_this_week=weekly.get(name, 0)
        )
        for name in sorted(names)
    }


COUNTERS = {"vip": "vip_patients"}  # the others are named as in the summary


PLAIN = (
    "pending_consultations", "unconfirmed_redemptions", "open_refunds", "at_risk_without_plan",
    "ending_soon", "follow_ups_due_today", "follow_ups_overdue", "vip_patients",
)  # fmt: skip


def _empty() -> dict[str, Any]:
    return {"episodes_by_stage": {}, "patients_by_risk_tier": {}, **dict.fromkeys(PLAIN, 0)}


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
