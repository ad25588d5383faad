"""The dashboard projector: its handlers, tables and the timeline line of every event.

A batch is applied in memory: its patients' rows are read once (`State.load`), every
event runs against them in order, then derived rows are recomputed once per touched key
and each table is written with one statement (`refresh.finish`); the summary's counters
move by the batch's difference (`counters.write`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Table

from projections.batch_projector import BatchProjector
from projections.dashboard import counters
from projections.dashboard.counters import CountingState
from projections.dashboard.handlers_care import CareHandlers
from projections.dashboard.handlers_money import MoneyHandlers
from projections.dashboard.handlers_sales import SalesHandlers
from projections.dashboard.refresh import finish
from projections.dashboard.tables import TABLES
from projections.dashboard.timeline import record


class DashboardProjector(CareHandlers, SalesHandlers, MoneyHandlers, BatchProjector):
    """Clinic staff's read model (product §4): lists, worklists, counters, timelines."""

    name = "dashboard"
    tables = TABLES
    # Per-batch work is mostly fixed cost (one read and one write per table): bigger
    # batches roughly doubled catch-up on PostgreSQL (bench/projection_speed_dashboard_finance.py).
    preferred_batch_size = 2000

    def __init__(self, tables: Mapping[str, Table] | None = None) -> None:
        super().__init__(tables)
        self.owners: dict[str, str] = {}  # aggregate id -> its patient's id, never changes

    def new_state(self) -> CountingState:
        return CountingState(self.t, self.owners)

    def after_event(self, state: CountingState, position: int, event: Any) -> None:
        record(state, position, event)  # after the handler, which wrote the rows it reads

    def flush(self, conn: Connection, state: CountingState) -> None:
        finish(conn, state)
        counters.write(conn, state)
