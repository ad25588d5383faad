"""A projection's progress: its position, the store's head, and how far behind it is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from eventsourcing.application import Application
from sqlalchemy import Engine

from projections import failures, tracking
from projections.failures import Failure
from projections.head_clock import first_seen_after


@dataclass(frozen=True)
class ProjectionStatus:
    """`lag` counts notification ids (an upper bound on PostgreSQL, where ids have gaps);
    `seconds_behind` is how long ago the oldest event not yet applied was recorded (0 when
    caught up; see `projections.head_clock`);
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
    head = head_position(app)
    with engine.connect() as conn:
        tracked = tracking.read(conn, name)
        failing = failures.read(conn, name)
        lag = max(head - tracked.position, 0)
        recorded = first_seen_after(conn, tracked.position) if lag else None
    seconds = 0.0
    if recorded is not None:
        seconds = max((datetime.now(UTC) - recorded).total_seconds(), 0.0)
    elif lag:  # nothing samples the head: the event's own (business) time
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
