"""The summary's counters, kept by the projection: the summary reads a few rows per
department however many patients, episodes or refunds it holds (product §4).

`dash_counters` holds, per department, a count per (counter, key): episodes per stage,
patient-list rows per risk tier, VIPs, and the length of each worklist; the two dated
worklists count per date (`follow_ups_due` by due date, `ending_soon` by end date), so the
summary sums today's window. A batch counts what it loaded before it applies its events
and again after, and moves each counter by the difference, like the weekly redemptions:
the same events applied twice move nothing, and a rebuild gives the same rows (a counter
back at zero is deleted). Each rule is the same as its worklist's query (`worklists.py`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, delete, select

from projections.dashboard.refresh import ENDED_STAGES, PENDING, patient_rows
from projections.dashboard.state import State
from projections.dashboard.worklists import AT_RISK, OPEN_REFUNDS
from projections.lowlevel.batch_rows import Row, add_many, chunks, one_of

Key = tuple[str, str, str]  # department, counter, key
DATED = ("follow_ups_due", "ending_soon")


def fact_counts(s: State) -> Counter[Key]:
    """The counters' share of the batch's fact rows (all rows of its patients)."""
    found: Counter[Key] = Counter()
    for e in s.episodes.rows.values():
        found[(e["department"], "episodes_by_stage", e["stage"])] += 1
        if e["risk_tier"] in AT_RISK and not e["has_care_plan"] and e["stage"] not in ENDED_STAGES:
            found[(e["department"], "at_risk_without_plan", "")] += 1
    for f in s.follow_ups.rows.values():
        if f["status"] == "scheduled" and f["episode_open"]:
            found[(f["department"], "follow_ups_due", _day(f["due_on"]))] += 1
    for sub in s.subscriptions.rows.values():
        if sub["status"] == "awaiting_consultation":
            found[(sub["department"], "pending_consultations", "")] += 1
        elif sub["status"] == "active" and sub["ends_on"] is not None:
            found[(sub["department"], "ending_soon", _day(sub["ends_on"]))] += 1
    for r in s.redemptions.rows.values():
        if r["status"] in PENDING:
            found[(r["department"], "unconfirmed_redemptions", "")] += 1
    for q in s.refunds.rows.values():
        if q["status"] in OPEN_REFUNDS:
            found[(q["department"], "open_refunds", "")] += 1
    return found


def list_counts(rows: Iterable[Row]) -> Counter[Key]:
    """The counters' share of patient-list rows (`dash_patients`)."""
    found: Counter[Key] = Counter()
    for row in rows:
        found[(row["department"], "risk_tier", row["risk_tier"] or "")] += 1
        found[(row["department"], "vip", "")] += int(bool(row["vip"]))
    return found


def _day(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


class CountingState(State):
    """The dashboard's batch state, counted as loaded (see `write`)."""

    def load(self, conn: Connection, events: Sequence[Any]) -> None:
        super().load(conn, events)
        self.facts_before = fact_counts(self)
        # The list rows as stored (rewritten at the end for `patients` only).
        self.lists_before: dict[str, list[Row]] = {}
        p = self.t["dash_patients"]
        columns = (p.c.patient_id, p.c.department, p.c.risk_tier, p.c.vip)
        for part in chunks(self.registrations.rows):
            query = select(*columns).where(one_of(conn, p.c.patient_id, part))
            for row in conn.execute(query).mappings():
                self.lists_before.setdefault(str(row["patient_id"]), []).append(dict(row))


def write(conn: Connection, s: CountingState) -> None:
    """Move each counter by the batch's difference; delete those back at zero. After
    `refresh.finish`, which rewrote the list rows of `s.patients`."""
    moved = fact_counts(s)
    moved.subtract(s.facts_before)
    for patient_id in s.patients:
        moved.update(list_counts(patient_rows(s, patient_id)))
        moved.subtract(list_counts(s.lists_before.get(patient_id, [])))
    counted = sorted((k, d) for k, d in moved.items() if d and k[0] is not None)
    rows = [
        {"department": department, "counter": counter, "key": key, "count": delta}
        for (department, counter, key), delta in counted
    ]
    table = s.t["dash_counters"]
    add_many(conn, table, rows, ["department", "counter", "key"])
    for part in chunks({row["department"] for row in rows}):
        gone = delete(table).where(table.c.count == 0, one_of(conn, table.c.department, part))
        conn.execute(gone)
