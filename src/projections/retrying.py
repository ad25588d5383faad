"""Retrying an event a projection cannot apply: find it, record it, back off, try again.

A batch that fails is rolled back whole. The runner then applies one event at a time up to
the one that fails, records its position and type (`projections.failures`, for status,
/metrics and /ready), and retries that event alone, waiting twice as long after each
attempt. Errors of the connection (a database restart) are not the event's fault: they
are retried as they come, without recording anything.
"""

from __future__ import annotations

import logging
from typing import Any

import sqlalchemy.exc
from eventsourcing import persistence
from sqlalchemy import Engine

from projections import failures, tracking
from projections.failures import Failure

log = logging.getLogger("projections.runner")

TRANSIENT_ERRORS: tuple[type[Exception], ...] = (
    sqlalchemy.exc.OperationalError,
    persistence.OperationalError,
    persistence.InterfaceError,
)


class RetriesFailingEvents:
    """The failure handling of `projections.runner.Runner` (which provides these)."""

    app: Any
    engine: Engine
    name: str
    batch_size: int
    failure: Failure | None
    retry_min: float
    retry_max: float

    def run_batch(self, limit: int | None = None) -> int:
        raise NotImplementedError

    def recorded_failure(self) -> Failure | None:
        with self.engine.connect() as conn:
            return failures.read(conn, self.name)

    def isolate(self, error: Exception) -> Failure | None:
        """After a failed batch: apply one event at a time up to the one that fails and
        record it (None when they all apply: the error did not come from an event)."""
        if self.failure is None:
            try:
                for _ in range(self.batch_size):
                    if not self.run_batch(limit=1):
                        break
                return None
            except TRANSIENT_ERRORS:
                raise
            except Exception as single:
                error = single
        position, event_type = self._next_event()
        self.failure = failures.record(self.engine, self.name, position, event_type)
        attempts = self.failure.attempts
        if attempts == 1:  # the whole exception once; it may quote SQL and personal data
            log.error("projection %s cannot apply the event at position %d (%s); retrying",
                      self.name, position, event_type, exc_info=error)  # fmt: skip
        else:
            log.warning("projection %s: the event at position %d (%s) failed again (%d "
                        "attempts, %s)", self.name, position, event_type, attempts,
                        type(error).__name__)  # fmt: skip
        return self.failure

    def retry_delay(self, attempts: int) -> float:
        return float(min(self.retry_max, self.retry_min * 2 ** min(attempts - 1, 30)))

    def _retry_failed(self) -> int:
        """Apply the failing event alone; raises while it still fails."""
        applied = self.run_batch(limit=1)
        log.warning("projection %s: the event that failed applies now; resuming", self.name)
        failures.clear(self.engine, self.name)
        self.failure = None
        return applied

    def _next_event(self) -> tuple[int, str]:
        with self.engine.connect() as conn:
            position = tracking.read(conn, self.name).position
        found = self.app.recorder.select_notifications(start=position + 1, limit=1)
        if not found:
            return position + 1, "unknown"
        return found[0].id, failures.event_type_of(found[0].topic)
