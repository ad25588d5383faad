"""Derived dashboard rows, recomputed from the fact rows (so re-applying changes nothing).

Package counters move by the difference between a subscription's old and new derived
state: applying the same event twice yields no difference, hence no double counting.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Table, delete, func, insert, select

from projections.dashboard.rows import bump, change, fetch, upsert

Tables = Mapping[str, Table]
ENDED_STAGES = ("closed", "cancelled")
DONE = ("redeemed", "confirmed", "upheld")
PENDING = ("claimed", "disputed")
COMMITTED_REFUNDS = ("approved", "paid", "payment_failed")


def refresh_episode(conn: Connection, t: Tables, episode_id: str) -> None:
    """An episode's next follow-up: the earliest one still scheduled."""
    follow_ups = t["dash_follow_ups"]
    due = conn.execute(
        select(func.min(follow_ups.c.due_on)).where(
            follow_ups.c.episode_id == episode_id, follow_ups.c.status == "scheduled"
        )
    ).scalar()
    change(conn, t["dash_episodes"], {"episode_id": episode_id}, next_follow_up=due)


def _best_episode(episodes: list[Any]) -> Any:
    """The latest open episode, else the latest one (episodes come in opening order)."""
    open_ones = [e for e in episodes if e.stage not in ENDED_STAGES]
    return (open_ones or episodes)[-1]


def refresh_patient(conn: Connection, t: Tables, patient_id: str) -> None:
    """Rewrite the patient's rows: one per department they have an episode in."""
    patients, episodes_t, subs = t["dash_patients"], t["dash_episodes"], t["dash_subscriptions"]
    conn.execute(delete(patients).where(patients.c.patient_id == patient_id))
    registration = fetch(conn, t["dash_registrations"], patient_id=patient_id)
    episodes = conn.execute(
        select(episodes_t)
        .where(episodes_t.c.patient_id == patient_id)
        .order_by(episodes_t.c.opened_position)
    ).all()
    if registration is None or not episodes:
        return
    statuses = conn.execute(
        select(subs.c.status, subs.c.remaining).where(subs.c.patient_id == patient_id)
    ).all()
    active = [s for s in statuses if s.status == "active"]
    by_department: dict[str, list[Any]] = {}
    for episode in episodes:
        by_department.setdefault(episode.department, []).append(episode)
    rows = []
    for department, found in sorted(by_department.items()):
        best = _best_episode(found)
        dues = [e.next_follow_up for e in found if e.next_follow_up and e.stage not in ENDED_STAGES]
        rows.append(
            {
                "patient_id": patient_id,
                "department": department,
                "masked_id_number": registration["masked_id_number"],
                "episode_id": best.episode_id,
                "stage": best.stage,
                "risk_tier": best.risk_tier,
                "vip": bool(active),
                "next_follow_up": min(dues) if dues else None,
                "remaining": sum(s.remaining for s in active),
                "consultation_pending": any(s.status == "awaiting_consultation" for s in statuses),
            }
        )
    conn.execute(insert(patients), rows)


def _units(conn: Connection, t: Tables, subscription_id: str) -> tuple[int, int, int]:
    """Granted, redeemed and still remaining units of a subscription's ledger."""
    lines, revocations, redemptions = (
        t["dash_entitlements"],
        t["dash_revocations"],
        t["dash_redemptions"],
    )
    granted, revoked = conn.execute(
        select(
            func.coalesce(func.sum(lines.c.granted), 0),
            func.coalesce(func.sum(lines.c.revoked_before_start), 0),
        ).where(lines.c.subscription_id == subscription_id)
    ).one()
    revoked += conn.execute(
        select(func.coalesce(func.sum(revocations.c.quantity), 0)).where(
            revocations.c.subscription_id == subscription_id
        )
    ).scalar_one()
    counts: dict[str, int] = dict(
        conn.execute(
            select(redemptions.c.status, func.count())
            .where(redemptions.c.subscription_id == subscription_id)
            .group_by(redemptions.c.status)
        ).all()
    )
    redeemed = sum(counts.get(s, 0) for s in DONE)
    held = sum(counts.get(s, 0) for s in PENDING)
    return int(granted), redeemed, int(granted) - redeemed - held - int(revoked)


def refresh_subscription(conn: Connection, t: Tables, subscription_id: str, **changes: Any) -> None:
    """Apply `changes`, recompute units and refund flag, move the package's counters."""
    subs, refunds = t["dash_subscriptions"], t["dash_refunds"]
    old = fetch(conn, subs, subscription_id=subscription_id)
    if old is None:
        return
    granted, redeemed, remaining = _units(conn, t, subscription_id)
    approved = conn.execute(
        select(func.count()).where(
            refunds.c.subscription_id == subscription_id,
            refunds.c.status.in_(COMMITTED_REFUNDS),
        )
    ).scalar_one()
    new = {**old, **changes}
    new.update(
        units_granted=granted,
        units_redeemed=redeemed,
        remaining=remaining,
        refund_approved=approved > 0,
    )
    change(conn, subs, {"subscription_id": subscription_id}, **new)
    bump(
        conn,
        t["dash_packages"],
        {"package_id": old["package_id"]},
        {
            "active_subscriptions": _flag(new["status"] == "active", old["status"] == "active"),
            "units_granted": granted - old["units_granted"],
            "units_redeemed": redeemed - old["units_redeemed"],
            "refunded_subscriptions": _flag(new["refund_approved"], old["refund_approved"]),
        },
    )
    if (new["status"], new["remaining"]) != (old["status"], old["remaining"]):
        refresh_patient(conn, t, str(old["patient_id"]))  # vip, remaining, consultation flag


def _flag(new: bool, old: bool) -> int:
    return int(new) - int(old)


def refresh_week(conn: Connection, t: Tables, department: str | None, week: str | None) -> None:
    """The department's redemption counter for one ISO week."""
    if department is None or week is None:
        return
    redemptions = t["dash_redemptions"]
    count = conn.execute(
        select(func.count()).where(
            redemptions.c.department == department,
            redemptions.c.iso_week == week,
            redemptions.c.status.in_(DONE),
        )
    ).scalar_one()
    upsert(
        conn,
        t["dash_weekly_redemptions"],
        {"department": department, "iso_week": week, "redemptions": count},
        ["department", "iso_week"],
    )
