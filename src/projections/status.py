"""A projection's progress: its position, the store's head, and how far behind it is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from eventsourcing.application import Application
from sqlalchemy import Engine

from projections import failures, tracking
from projections.failures import Failure


@dataclass(frozen=True)
class ProjectionStatus:
    """`lag` counts notification ids (an upper bound on PostgreSQL, where ids have gaps);
    `seconds_behind` is the age of the oldest event not yet applied (0 when caught up);
    `failing` names the event the projection cannot apply, if any (`projections.failures`)."""

    name: str
    position: int
    head: int
    lag: int
    seconds_behind: float
    event_time: datetime | None
    updated_at: datetime | None
    failing: Failure | None = None


def head_position(app: Application[Any]) -> int:
    """The id of the newest notification in the store (0 when empty)."""
    return app.recorder.max_notification_id() or 0


def read_status(app: Application[Any], engine: Engine, name: str) -> ProjectionStatus:
    with engine.connect() as conn:
        tracked = tracking.read(conn, name)
        failing = failures.read(conn, name)
    head = head_position(app)
    lag = max(head - tracked.position, 0)
    seconds = 0.0
    if lag:
        pending = app.recorder.select_notifications(start=tracked.position + 1, limit=1)
        if pending:
            timestamp = getattr(app.mapper.to_domain_event(pending[0]), "timestamp", None)
            if isinstance(timestamp, datetime):
                seconds = max((datetime.now(UTC) - timestamp).total_seconds(), 0.0)
    return ProjectionStatus(
        name=name,
        position=tracked.position,
        head=head,
        lag=lag,
        seconds_behind=seconds,
        event_time=tracked.event_time,
        updated_at=tracked.updated_at,
        failing=failing,
    )
