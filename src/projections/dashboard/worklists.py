"""The staff worklists: what needs doing, per department, oldest or most urgent first."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Column, ColumnElement, Select, select, true

from projections.dashboard.paging import Db, Page, keyset
from projections.dashboard.refresh import ENDED_STAGES, PENDING
from projections.dashboard.tables import (
    dash_episodes,
    dash_follow_ups,
    dash_redemptions,
    dash_refunds,
    dash_subscriptions,
)

OPEN_REFUNDS = ("requested", "quoted", "agreed")
AT_RISK = ("at_risk", "malnourished")
ENDING_SOON_DAYS = 30


@dataclass(frozen=True)
class Worklist:
    """A query of the rows to work on and its unique sort key, for one `today`."""

    build: Callable[[date], Select[Any]]
    order: tuple[Column[Any], ...]
    department: Column[Any]


def _follow_ups_due(today: date) -> Select[Any]:
    f = dash_follow_ups
    return select(
        f.c.follow_up_id, f.c.episode_id, f.c.patient_id, f.c.department, f.c.due_on,
        f.c.channel, f.c.assignee, (f.c.due_on < today).label("overdue"),
    ).where(f.c.status == "scheduled", f.c.episode_open, f.c.due_on <= today)  # fmt: skip


def _pending_consultations(today: date) -> Select[Any]:
    s = dash_subscriptions
    return select(
        s.c.subscription_id, s.c.patient_id, s.c.package_id, s.c.department,
        s.c.purchased_at, s.c.purchased_position,
    ).where(s.c.status == "awaiting_consultation")  # fmt: skip


def _unconfirmed_redemptions(today: date) -> Select[Any]:
    r = dash_redemptions
    return select(
        r.c.redemption_id, r.c.subscription_id, r.c.patient_id, r.c.department,
        r.c.item_code, r.c.status, r.c.position,
    ).where(r.c.status.in_(PENDING))  # fmt: skip


def _open_refunds(today: date) -> Select[Any]:
    r = dash_refunds
    return select(
        r.c.refund_id, r.c.subscription_id, r.c.patient_id, r.c.package_id, r.c.department,
        r.c.status, r.c.scope, r.c.channel, r.c.reason_code, r.c.requested_at,
        r.c.requested_position, r.c.quote, r.c.agreed,
    ).where(r.c.status.in_(OPEN_REFUNDS))  # fmt: skip


def _ending_soon(today: date) -> Select[Any]:
    s = dash_subscriptions
    return select(
        s.c.subscription_id, s.c.patient_id, s.c.package_id, s.c.department, s.c.ends_on,
        s.c.remaining,
    ).where(
        s.c.status == "active", s.c.ends_on.between(today, today + timedelta(ENDING_SOON_DAYS))
    )  # fmt: skip


def _at_risk_without_plan(today: date) -> Select[Any]:
    e = dash_episodes
    return select(
        e.c.episode_id, e.c.patient_id, e.c.department, e.c.stage, e.c.risk_tier,
        e.c.condition_code, e.c.opened_position,
    ).where(
        e.c.risk_tier.in_(AT_RISK), e.c.has_care_plan.is_(False), e.c.stage.not_in(ENDED_STAGES)
    )  # fmt: skip


f, s, r, q, e = dash_follow_ups, dash_subscriptions, dash_redemptions, dash_refunds, dash_episodes
WORKLISTS: dict[str, Worklist] = {
    "follow_ups_due": Worklist(_follow_ups_due, (f.c.due_on, f.c.follow_up_id), f.c.department),
    "pending_consultations": Worklist(
        _pending_consultations, (s.c.purchased_position, s.c.subscription_id), s.c.department
    ),
    "unconfirmed_redemptions": Worklist(
        _unconfirmed_redemptions, (r.c.position, r.c.redemption_id), r.c.department
    ),
    "open_refunds": Worklist(
        _open_refunds, (q.c.requested_position, q.c.refund_id), q.c.department
    ),
    "ending_soon": Worklist(_ending_soon, (s.c.ends_on, s.c.subscription_id), s.c.department),
    "at_risk_without_plan": Worklist(
        _at_risk_without_plan, (e.c.opened_position, e.c.episode_id), e.c.department
    ),
}


def worklist(
    db: Db,
    name: str,
    departments: Sequence[str] | None,
    today: date,
    *,
    cursor: str | None = None,
    limit: int = 50,
) -> Page[dict[str, Any]]:
    """One page of a worklist (KeyError for an unknown name), rows as plain dicts."""
    query = worklist_query(name, departments, today)
    return keyset(db, query, WORKLISTS[name].order, cursor, limit, dict)


def worklist_query(name: str, departments: Sequence[str] | None, today: date) -> Select[Any]:
    """All rows of a worklist in scope, unordered."""
    found = WORKLISTS[name]
    scope: ColumnElement[bool] = (
        true() if departments is None else found.department.in_(list(departments))
    )
    return found.build(today).where(scope)
