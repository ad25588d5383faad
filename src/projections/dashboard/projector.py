"""The dashboard projector: its handlers, tables and the timeline line of every event."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Table

from projections.dashboard.handlers_care import CareHandlers
from projections.dashboard.handlers_money import MoneyHandlers
from projections.dashboard.handlers_sales import SalesHandlers
from projections.dashboard.tables import TABLES
from projections.dashboard.timeline import record
from projections.projector import Projector


class DashboardProjector(CareHandlers, SalesHandlers, MoneyHandlers, Projector):
    """Clinic staff's read model (DESIGN 4): lists, worklists, counters, timelines."""

    name = "dashboard"
    tables = TABLES

    def __init__(self, tables: Mapping[str, Table] | None = None) -> None:
        super().__init__(tables)
        self.owners: dict[str, str] = {}  # aggregate id -> its patient's id, never changes

    def apply(self, conn: Connection, position: int, event: Any) -> None:
        super().apply(conn, position, event)
        # After the handler, which wrote the rows the timeline reads.
        record(conn, self.t, position, event, self.owners)
