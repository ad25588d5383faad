"""Runs the read-model projections: in background threads of the API, or as their own process.

The embedded default (`CAREPACK_RUN_PROJECTIONS=true`) starts one thread per projection
when the Litestar app starts and stops them when it shuts down (`api.background`);
`carepack projections run` uses the same host in the foreground. Each thread is a
`projections.runner.Runner`: exactly-once batches, resuming from the stored position.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from projections import registry
from projections.audit.checkpointing import Checkpointer
from projections.head_clock import HeadClock
from projections.projector import Projector
from projections.retrying import TRANSIENT_ERRORS
from projections.runner import Runner
from projections.status import ProjectionStatus, read_status
from projections.taking_turns import FairLock, TakingTurns

log = logging.getLogger("carepack.projections")

_RETRY_AFTER_ERROR = 5.0
# SQLite has one writer at a time: short batches keep each projection's write lock brief,
# so the other projections (and the access log) wait well under the busy timeout.
SQLITE_BATCH = 100


class UnknownProjection(KeyError):
    """No projection has this name."""


def projector(name: str) -> Projector:
    """A new projector of the named read model (one of `registry.PROJECTORS`)."""
    classes = registry.projector_classes()
    if name not in classes:
        raise UnknownProjection(f"no projection {name!r}: one of {sorted(classes)}")
    return classes[name]()


_SQLITE_TURNS = FairLock()  # one per process: SQLite has one writer per file anyway


def _runner(app: Any, engine: Engine, name: str) -> Runner:
    gather = app.settings.projection_gather_seconds
    retry_max = app.settings.projection_retry_max_seconds
    if engine.dialect.name == "sqlite":
        return TakingTurns(
            app,
            engine,
            projector(name),
            batch_size=SQLITE_BATCH,
            turns=_SQLITE_TURNS,
            gather=gather,
            retry_max=retry_max,
        )
    # The projector's preferred batch size.
    return Runner(app, engine, projector(name), gather=gather, retry_max=retry_max)


@dataclass
class Worker:
    runner: Runner
    thread: threading.Thread | None = None
    last_error: str | None = None


class ProjectionsHost:
    """The runners of the named projections over one application and read-model engine."""

    def __init__(self, app: Any, engine: Engine, names: list[str] | None = None) -> None:
        chosen = names or list(registry.projector_classes())
        self.workers = {name: Worker(_runner(app, engine, name)) for name in chosen}
        self._stop = threading.Event()
        # Where the audit projection runs, so do its scheduled checkpoints (if a key is set).
        settings = getattr(app, "settings", None)
        self.checkpointer = Checkpointer.configured(engine, settings) if "audit" in chosen else None
        self.head_clock = HeadClock(app, engine)

    @property
    def names(self) -> list[str]:
        return list(self.workers)

    def runner(self, name: str) -> Runner:
        if name not in self.workers:
            raise UnknownProjection(f"no projection {name!r}: one of {self.names}")
        return self.workers[name].runner

    def catch_up(self, progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
        """Apply everything stored, projection by projection; events applied per name.

        A projection that cannot apply an event stops there (recorded, see `failing()`);
        the others still catch up, and its thread (`start()`) keeps retrying it."""
        applied: dict[str, int] = {}
        for name, worker in self.workers.items():
            total = 0
            while count := self._catch_up_some(worker.runner):
                total += count
                if progress is not None:
                    progress(name, total)
            applied[name] = total
        return applied

    @staticmethod
    def _catch_up_some(runner: Runner) -> int:
        """Up to 10 batches; 0 once caught up or stuck on an event."""
        while True:
            try:
                return runner.catch_up(max_batches=10)
            except TRANSIENT_ERRORS:
                raise
            except Exception as error:
                if runner.isolate(error) is not None:
                    return 0

    def start(self) -> None:
        """One daemon thread per projection, following the store until `stop()`."""
        self._stop.clear()
        for name, worker in self.workers.items():
            if worker.thread is not None and worker.thread.is_alive():
                continue
            worker.thread = threading.Thread(
                target=self._follow, args=(worker,), name=f"projection-{name}", daemon=True
            )
            worker.thread.start()
        if self.checkpointer is not None:
            self.checkpointer.start()
        self.head_clock.start()

    def _follow(self, worker: Worker) -> None:
        # The runner retries an event it cannot apply itself; anything else (say the
        # database went away while it isolated one) must not end the thread silently
        # either: log it, report it (by type only, never the text), retry later.
        while not self._stop.is_set():
            try:
                worker.last_error = None  # running again: reported only while it waits
                worker.runner.run_forever(self._stop)
            except Exception as error:
                worker.last_error = type(error).__name__
                log.exception("projection %s failed; retrying", worker.runner.name)
                self._stop.wait(_RETRY_AFTER_ERROR)

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self.head_clock.stop(timeout)
        if self.checkpointer is not None:
            self.checkpointer.stop(timeout)
        for worker in self.workers.values():
            if worker.thread is not None:
                worker.thread.join(timeout)
                worker.thread = None

    def wait(self) -> None:
        """Block until `stop()` (the foreground `carepack projections run`)."""
        self._stop.wait()

    @property
    def running(self) -> bool:
        return any(w.thread is not None and w.thread.is_alive() for w in self.workers.values())

    def errors(self) -> dict[str, str]:
        return {n: w.last_error for n, w in self.workers.items() if w.last_error}

    def statuses(self) -> list[ProjectionStatus]:
        return [worker.runner.status() for worker in self.workers.values()]


def projection_statuses(app: Any, engine: Engine) -> list[ProjectionStatus]:
    """Every projection's status, whether it runs in this process or elsewhere."""
    return [read_status(app, engine, name) for name in registry.projector_classes()]
