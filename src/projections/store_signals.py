"""Store signals: wake a runner when events commit (PostgreSQL LISTEN/NOTIFY), else back off.

The 9.5.6 PostgreSQL recorder runs `NOTIFY <events table>` in every insert transaction
(`recorder.channel_name`), so a listener wakes as soon as events commit. SQLite has no
such signal: there the wait is a plain sleep, which the caller keeps short.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg import sql


class Waker(Protocol):
    def wait(self, timeout: float) -> bool:
        """Sleep up to `timeout` seconds; True when new events were signalled."""

    def drain(self) -> None:
        """Forget the signals received so far (the caller is about to read anyway)."""


class SleepWaker:
    """Polling: wakes when the stop event is set or the timeout passes."""

    def __init__(self, stop: threading.Event) -> None:
        self._stop = stop

    def wait(self, timeout: float) -> bool:
        self._stop.wait(timeout)
        return False

    def drain(self) -> None:
        pass


class ListenWaker:
    """Wakes on the event store's NOTIFY; `conn` is an autocommit psycopg connection."""

    SLICE = 0.25  # seconds: how soon a set stop event is noticed

    def __init__(self, conn: Any, stop: threading.Event) -> None:
        self._conn = conn
        self._stop = stop

    def wait(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not self._stop.is_set():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            slice_ = min(remaining, self.SLICE)
            if any(True for _ in self._conn.notifies(timeout=slice_, stop_after=1)):
                return True
        return False

    def drain(self) -> None:
        for _ in self._conn.notifies(timeout=0):
            pass


@contextmanager
def waker_for(recorder: Any, stop: threading.Event) -> Iterator[Waker]:
    """A listener on PostgreSQL (one pooled connection held meanwhile), else a sleeper."""
    if not isinstance(recorder, PostgresApplicationRecorder):
        yield SleepWaker(stop)
        return
    channel = recorder.channel_name
    with recorder.datastore.get_connection() as conn:
        # LISTEN before the caller's next catch-up, so no NOTIFY falls in between.
        conn.execute(sql.SQL("LISTEN {0}").format(sql.Identifier(channel)))
        try:
            yield ListenWaker(conn, stop)
        finally:
            with contextlib.suppress(Exception):
                conn.execute(sql.SQL("UNLISTEN {0}").format(sql.Identifier(channel)))
