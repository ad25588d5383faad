"""When each store position was recorded, near enough: a sample of the head every second.

How far behind a projection is, in seconds, is the age of the oldest event it has not
applied. An event's own `timestamp` is the application clock's business time (the demo's
events are dated weeks back, imported history years), so `status` measures by recording
time instead: the projections host samples the store's head every `INTERVAL` and keeps
(position, first seen at); a position was recorded at most one interval before the first
sample at or past it. Samples older than `KEEP` are pruned, except the newest. Where no
host samples (nothing runs the projections), `status` falls back to the event's own time.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select

from projections.periodic import Periodic
from projections.schema import store_head_times as times

log = logging.getLogger("carepack.projections")

INTERVAL = 1.0
KEEP = timedelta(days=1)


def record_head(engine: Engine, head: int, now: datetime) -> bool:
    """Record `head` as seen at `now` unless a sample at or past it exists; whether it did."""
    with engine.begin() as conn:
        newest = conn.execute(select(func.max(times.c.position))).scalar()
        if newest is not None and newest >= head:
            return False
        conn.execute(insert(times).values(position=head, seen_at=now))
        conn.execute(delete(times).where(times.c.seen_at < now - KEEP, times.c.position < head))
        return True


def first_seen_after(conn: Connection, position: int) -> datetime | None:
    """When the head was first seen past `position` (None: no sample covers it)."""
    found = conn.execute(
        select(times.c.seen_at)
        .where(times.c.position > position)
        .order_by(times.c.position)
        .limit(1)
    ).scalar()
    return found if isinstance(found, datetime) else None


class HeadClock(Periodic):
    """Samples the store's head every `interval` seconds until stopped."""

    thread_name = "head-clock"

    def __init__(self, app: Any, engine: Engine, interval: float = INTERVAL) -> None:
        super().__init__(interval)
        self.app = app
        self.engine = engine

    def tick(self) -> None:
        self.sample()

    def sample(self) -> None:
        head = self.app.recorder.max_notification_id() or 0
        if head:
            record_head(self.engine, head, datetime.now(UTC))

    def failed(self, error: Exception) -> None:
        log.warning("head clock: %s", type(error).__name__)
