"""Follows the event store's notification log and applies it to one projector, exactly once.

Each batch is one read-model transaction: lock the projection's position, read the
notifications after it, apply them, store the new position, commit. A crash anywhere
rolls the whole batch back, so the next run resumes from the last committed position.
Works on SQLite and PostgreSQL alike (pull, not the library's subscription); gaps in
PostgreSQL's notification ids (rolled-back inserts) are simply skipped over.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from eventsourcing.application import Application
from sqlalchemy import Connection, Engine

from projections import tracking
from projections.failures import Failure
from projections.projector import Item, Projector
from projections.retrying import TRANSIENT_ERRORS, RetriesFailingEvents
from projections.status import ProjectionStatus, read_status
from projections.store_signals import waker_for

log = logging.getLogger(__name__)

# PostgreSQL plans each batch's reads from table statistics. A projection far behind (a
# rebuild, a new deployment) grows its tables much faster than autovacuum re-analyses
# them (it wakes once a minute), and without statistics the planner scans whole tables
# in every batch: profiled, the dashboard's catch-up fell from 21,000 to 6,900 events/s
# over 200,000 events, all of it in its batch reads. So after this many events applied
# without catching up, the runner analyses its tables itself.
ANALYZE_EVERY = 50_000


class Runner(RetriesFailingEvents):
    """Runs `projector` over `app`'s notification log into the read-model `engine`.

    `batch_size` defaults to the projector's `preferred_batch_size`. `gather` (seconds):
    once woken by new events, wait this long before reading them, so that the commits of
    many concurrent commands are applied in one batch rather than one small transaction
    each (under load most of a projection's cost was per batch, not per event).

    An event that cannot be applied never stops the projection silently: the runner
    applies up to it, records its position and type (`projections.failures`) and retries
    it alone, waiting twice as long after each attempt up to `retry_max` seconds.
    """

    def __init__(
        self,
        app: Application[Any],
        engine: Engine,
        projector: Projector,
        *,
        batch_size: int | None = None,
        name: str | None = None,
        gather: float = 0.0,
        retry_max: float = 60.0,
    ) -> None:
        self.app = app
        self.engine = engine
        self.projector = projector
        self.batch_size = batch_size or projector.preferred_batch_size
        self.gather = gather
        self.analyze_every = ANALYZE_EVERY
        self._behind_for = 0  # events applied since the last ANALYZE or catching up
        projector.bind(app)
        self.name = name or projector.name
        self._has_row = False
        self.retry_min, self.retry_max = min(1.0, retry_max), retry_max
        self.failure: Failure | None = None  # the event this runner cannot apply, if any

    def _start(self) -> None:
        if not self._has_row:
            tracking.ensure_row(self.engine, self.name)
            self.failure = self.recorded_failure()  # left by an earlier run
            self._has_row = True

    def run_batch(self, limit: int | None = None) -> int:
        """Apply the next batch in one transaction of its own; the number of events applied."""
        self._start()
        with self.engine.connect() as conn:
            tracking.begin_write(conn)
            applied = self.apply_next(conn, limit)
            conn.commit()
        self._behind_for = self._behind_for + applied if applied >= self.batch_size else 0
        if self._behind_for >= self.analyze_every:
            self.analyze()
        return applied

    def analyze(self) -> None:
        """Refresh PostgreSQL's statistics of this projection's tables (see ANALYZE_EVERY)."""
        self._behind_for = 0
        if self.engine.dialect.name != "postgresql":
            return
        quote = self.engine.dialect.identifier_preparer.format_table
        names = ", ".join(quote(table) for table in self.projector.t.values())
        with self.engine.begin() as conn:
            conn.exec_driver_sql(f"ANALYZE {names}")
        log.info("projection %s: analysed its tables while catching up", self.name)

    def apply_next(self, conn: Connection, limit: int | None = None) -> int:
        """Apply the next batch inside the caller's write transaction (not committed)."""
        position = tracking.lock_position(conn, self.name)
        notifications = self.app.recorder.select_notifications(
            start=position + 1, limit=limit or self.batch_size
        )
        if not notifications:
            return 0
        decode = self.app.mapper.to_domain_event
        if self.projector.decodes_events:
            items: list[Item] = [(n, decode(n)) for n in notifications]
            last_event = items[-1][1]
        else:
            items, last_event = [(n, None) for n in notifications], decode(notifications[-1])
        self.projector.apply_batch(conn, items)
        last_time = getattr(last_event, "timestamp", None)
        tracking.save_position(conn, self.name, notifications[-1].id, last_time)
        return len(notifications)

    def catch_up(self, max_batches: int | None = None) -> int:
        """Apply batches until the log is exhausted (or `max_batches`); events applied."""
        self._start()
        total = self._retry_failed() if self.failure is not None else 0
        batches = 0
        while max_batches is None or batches < max_batches:
            applied = self.run_batch()
            total += applied
            batches += 1
            if applied < self.batch_size:
                break
        return total

    def run_forever(
        self, stop: threading.Event, *, min_wait: float = 0.02, max_wait: float = 0.5
    ) -> None:
        """Catch up, then wait for new events (NOTIFY on PostgreSQL), until `stop` is set."""
        wait, max_batches = min_wait, 20
        with waker_for(self.app.recorder, stop) as waker:
            while not stop.is_set():
                try:
                    applied = self.catch_up(max_batches=max_batches)
                except TRANSIENT_ERRORS as error:
                    log.warning("projection %s: %s; retrying in %.1fs", self.name, error, 2.0)
                    stop.wait(2.0)
                    continue
                except Exception as error:
                    failure = self.isolate(error)
                    if failure is not None:
                        stop.wait(self.retry_delay(failure.attempts))
                    continue
                if applied >= max_batches * self.batch_size:
                    continue  # stopped by max_batches, not by the end of the log
                if applied:
                    wait = min_wait
                # A signal means events committed: read them soon, else back off.
                if waker.wait(wait):
                    wait = min_wait
                    if self.gather > 0:
                        stop.wait(self.gather)
                        waker.drain()  # the signals of what the next batch reads anyway
                else:
                    wait = min(wait * 2, max_wait)

    def status(self) -> ProjectionStatus:
        """Position, head of the store, lag in events and in seconds."""
        return read_status(self.app, self.engine, self.name)
