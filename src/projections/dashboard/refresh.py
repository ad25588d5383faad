"""Derived dashboard rows, recomputed once per touched key at the end of a batch, then written.

An episode's next follow-up, a subscription's units and refund flag, the patient list rows
are recomputed from the fact rows (so re-applying
changes nothing). Package counters move by the difference between a subscription's
derived values before and after the batch, and weekly redemption counters by the
batch's difference of done redemptions: the same events twice make no difference.
"""

from __future__ import annotations

from sqlalchemy import Connection, delete

from projections.dashboard.state import DERIVED, DONE, State, done_by_week
from projections.lowlevel.batch_rows import (
    Row,
    add_many,
    chunks,
    insert_missing,
    one_of,
    pipelined,
    upsert_many,
)

ENDED_STAGES = ("closed", "cancelled")
PENDING = ("claimed", "disputed")
COMMITTED_REFUNDS = ("approved", "paid", "payment_failed")


def finish(conn: Connection, s: State) -> None:
    """Derive the touched rows, then write every changed table once."""
    for episode_id in s.episodes_touched:
        dues = [f["due_on"] for f in s.follow_ups.group("episode_id", episode_id)
                if f["status"] == "scheduled"]  # fmt: skip
        s.episodes.change(episode_id, next_follow_up=min(dues) if dues else None)
    for subscription_id in s.subs_touched:
        _subscription(s, subscription_id)
    with pipelined(conn):
        for rows in s.facts():
            rows.flush(conn)
        insert_missing(conn, s.t["dash_timeline"], s.timeline, ["position"])
        _write_patients(conn, s)
        _write_weeks(conn, s)


def _units(s: State, subscription_id: str) -> tuple[int, int, int]:
    """Granted, redeemed and still remaining units of a subscription's ledger."""
    lines = s.entitlements.group("subscription_id", subscription_id)
    granted = sum(int(line["granted"]) for line in lines)
    revoked = sum(int(line["revoked_before_start"]) for line in lines)
    revoked += sum(
        int(r["quantity"]) for r in s.revocations.group("subscription_id", subscription_id)
    )
    statuses = [r["status"] for r in s.redemptions.group("subscription_id", subscription_id)]
    redeemed = sum(status in DONE for status in statuses)
    held = sum(status in PENDING for status in statuses)
    return granted, redeemed, granted - redeemed - held - revoked


def _subscription(s: State, subscription_id: str) -> None:
    """Recompute units and refund flag; move the package's counters by the difference."""
    sub = s.subscriptions.get(subscription_id)
    if sub is None:
        return
    granted, redeemed, remaining = _units(s, subscription_id)
    approved = any(r["status"] in COMMITTED_REFUNDS
                   for r in s.refunds.group("subscription_id", subscription_id))  # fmt: skip
    s.subscriptions.change(
        subscription_id,
        units_granted=granted,
        units_redeemed=redeemed,
        remaining=remaining,
        refund_approved=approved,
    )
    old = dict(zip(DERIVED, s.before[subscription_id], strict=True))
    package = s.packages.get(str(sub["package_id"]))
    if package is not None:
        deltas = {
            "active_subscriptions": _flag(sub["status"] == "active", old["status"] == "active"),
            "units_granted": granted - old["units_granted"],
            "units_redeemed": redeemed - old["units_redeemed"],
            "refunded_subscriptions": _flag(approved, old["refund_approved"]),
        }
        if any(deltas.values()):
            s.packages.change(
                package["package_id"], **{k: package[k] + d for k, d in deltas.items()}
            )
    s.before[subscription_id] = tuple(sub[c] for c in DERIVED)
    s.patients.add(str(sub["patient_id"]))  # vip, remaining, consultation flag


def _flag(new: bool, old: bool) -> int:
    return int(new) - int(old)


def _best_episode(episodes: list[Row]) -> Row:
    """The latest open episode, else the latest one (episodes come in opening order)."""
    open_ones = [e for e in episodes if e["stage"] not in ENDED_STAGES]
    return (open_ones or episodes)[-1]


def patient_rows(s: State, patient_id: str) -> list[Row]:
    """The patient's list rows: one per department they have an episode in."""
    registration = s.registrations.get(patient_id)
    episodes = sorted(
        s.episodes.group("patient_id", patient_id), key=lambda e: e["opened_position"]
    )
    if registration is None or not episodes:
        return []
    statuses = s.subscriptions.group("patient_id", patient_id)
    active = [sub for sub in statuses if sub["status"] == "active"]
    by_department: dict[str, list[Row]] = {}
    for episode in episodes:
        by_department.setdefault(episode["department"], []).append(episode)
    rows = []
    for department, found in sorted(by_department.items()):
        best = _best_episode(found)
        dues = [e["next_follow_up"] for e in found
                if e["next_follow_up"] and e["stage"] not in ENDED_STAGES]  # fmt: skip
        rows.append(
            {
                "patient_id": patient_id,
                "department": department,
                "masked_id_number": registration["masked_id_number"],
                "episode_id": best["episode_id"],
                "stage": best["stage"],
                "risk_tier": best["risk_tier"],
                "vip": bool(active),
                "next_follow_up": min(dues) if dues else None,
                "remaining": sum(sub["remaining"] for sub in active),
                "consultation_pending": any(
                    sub["status"] == "awaiting_consultation" for sub in statuses
                ),
            }
        )
    return rows


def _write_patients(conn: Connection, s: State) -> None:
    patients = s.t["dash_patients"]
    for part in chunks(s.patients):
        conn.execute(delete(patients).where(one_of(conn, patients.c.patient_id, part)))
    rows = [row for patient_id in sorted(s.patients) for row in patient_rows(s, patient_id)]
    upsert_many(conn, patients, rows, ["patient_id", "department"])


def _write_weeks(conn: Connection, s: State) -> None:
    """Move each department's weekly redemption counter by the batch's difference."""
    after = done_by_week(s.redemptions.rows.values())
    after.subtract(s.done_before)
    rows = [
        {"department": department, "iso_week": week, "redemptions": delta}
        for (department, week), delta in sorted(after.items())
        if delta
    ]
    add_many(conn, s.t["dash_weekly_redemptions"], rows, ["department", "iso_week"])
