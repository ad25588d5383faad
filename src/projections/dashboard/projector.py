"""The dashboard projector: its handlers, tables and the timeline line of every event.

A batch is applied in memory: its patients' rows are read once (`State.load`), every
event runs against them in order, then derived rows are recomputed once per touched key
and each table is written with one statement (`refresh.finish`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Connection, Table

from projections.dashboard.handlers_care import CareHandlers
from projections.dashboard.handlers_money import MoneyHandlers
from projections.dashboard.handlers_sales import SalesHandlers
from projections.dashboard.refresh import finish
from projections.dashboard.state import Event, State
from projections.dashboard.tables import TABLES
from projections.dashboard.timeline import record
from projections.projector import Item, Projector


class DashboardProjector(CareHandlers, SalesHandlers, MoneyHandlers, Projector):
    """Clinic staff's read model (DESIGN 4): lists, worklists, counters, timelines."""

    name = "dashboard"
    tables = TABLES
    # Per-batch work is mostly fixed cost (one read and one write per table): bigger
    # batches roughly doubled catch-up on PostgreSQL (bench/projection_speed_dashboard_finance.py).
    preferred_batch_size = 2000

    def __init__(self, tables: Mapping[str, Table] | None = None) -> None:
        super().__init__(tables)
        self.owners: dict[str, str] = {}  # aggregate id -> its patient's id, never changes

    def apply(self, conn: Connection, position: int, event: Any) -> None:
        self.apply_events(conn, [(position, event)])

    def apply_batch(self, conn: Connection, items: Sequence[Item]) -> None:
        self.apply_events(conn, [(notification.id, event) for notification, event in items])

    def apply_events(self, conn: Connection, events: Sequence[Event]) -> None:
        """Apply (position, event) pairs in order, writing each table once."""
        state = State(self.t, self.owners)
        state.load(conn, events)
        for position, event in events:
            handler = self.handler_for(type(event))
            if handler is not None:
                cast(Any, handler)(self, state, position, event)
            # After the handler, which wrote the rows the timeline reads.
            record(state, position, event)
        finish(conn, state)
