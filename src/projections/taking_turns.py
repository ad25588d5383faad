"""Projection runners that take turns writing a SQLite read-model file, first come first served."""

from __future__ import annotations

import threading
from typing import Any

from projections.runner import Runner


class FairLock:
    """A first-come, first-served lock (a ticket lock).

    SQLite has one writer at a time, and a projection that commits and at once begins
    its next batch wins the lock again before the busy handlers of the others wake up:
    they starve and fail with "database is locked". Taking turns here first prevents it.
    """

    def __init__(self) -> None:
        self._turn = threading.Condition()
        self._next = 0
        self._serving = 0

    def __enter__(self) -> None:
        with self._turn:
            ticket = self._next
            self._next += 1
            self._turn.wait_for(lambda: self._serving == ticket)

    def __exit__(self, *exc: object) -> None:
        with self._turn:
            self._serving += 1
            self._turn.notify_all()


class TakingTurns(Runner):
    """A runner whose batches take turns with the other runners' on the same lock."""

    def __init__(self, *args: Any, turns: FairLock, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.turns = turns

    def run_batch(self, limit: int | None = None) -> int:
        with self.turns:
            return super().run_batch(limit)
