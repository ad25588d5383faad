"""How long refunds wait at each step: requested → agreed → approved → paid.

A step's wait runs from the moment the refund reached the step before (agreement is
skipped by refunds approved without one: their approval wait runs from the request) to
the moment it reached this one. Refunds still waiting count apart, with the longest wait
so far. Read from the finance rows of the refunds requested in a window.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from statistics import median
from typing import Any

from sqlalchemy import Engine, select

from projections.finance.tables import fin_refunds

STEPS = ("agree", "approve", "pay")
WAITING_AT = {"requested": "agree", "quoted": "agree", "agreed": "approve",
              "approved": "pay", "payment_failed": "pay"}  # fmt: skip


@dataclass
class StepWaits:
    step: str
    done: list[float] = field(default_factory=list)  # hours, one per refund past the step
    waiting: list[float] = field(default_factory=list)  # hours so far, one per refund at it

    def answer(self) -> dict[str, Any]:
        done = sorted(self.done)
        return {
            "step": self.step,
            "done": len(done),
            "median_hours": round(median(done), 2) if done else None,
            "p90_hours": round(_p90(done), 2) if done else None,
            "max_hours": round(done[-1], 2) if done else None,
            "waiting": len(self.waiting),
            "longest_waiting_hours": round(max(self.waiting), 2) if self.waiting else None,
        }


def _p90(ordered: list[float]) -> float:
    """The nearest-rank 90th percentile."""
    return ordered[max(0, -(-9 * len(ordered) // 10) - 1)]


def _hours(start: datetime, end: datetime) -> float:
    return max(0.0, (end - start).total_seconds() / 3600)


def refund_waits(
    engine: Engine, now: datetime, since: datetime | None = None, until: datetime | None = None
) -> list[dict[str, Any]]:
    """Per step: refunds past it (median, 90th percentile and longest wait in hours) and
    refunds at it now (with the longest wait so far), over refunds requested in
    [since, until)."""
    t = fin_refunds
    query = select(t.c.status, t.c.requested_at, t.c.agreed_at, t.c.approved_at, t.c.paid_at)
    if since is not None:
        query = query.where(t.c.requested_at >= since)
    if until is not None:
        query = query.where(t.c.requested_at < until)
    steps = {name: StepWaits(name) for name in STEPS}
    with engine.connect() as conn:
        for status, requested, agreed, approved, paid in conn.execute(query):
            if agreed is not None:
                steps["agree"].done.append(_hours(requested, agreed))
            if approved is not None:
                steps["approve"].done.append(_hours(agreed or requested, approved))
            if paid is not None and approved is not None:
                steps["pay"].done.append(_hours(approved, paid))
            at = WAITING_AT.get(status)
            if at is not None:
                entered = {"agree": requested, "approve": agreed, "pay": approved}[at]
                steps[at].waiting.append(_hours(entered or requested, now))
    return [steps[name].answer() for name in STEPS]
