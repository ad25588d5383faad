"""Seeds an event store fast with real domain events, and caches seeded stores for reuse.

Stories from `_stories.World` are saved with `app.save(*aggregates)`, several stories per
save but never more than 1,000 events (LIBRARY_NOTES: bigger saves hung on a Unix socket).
Seeded stores are cached by size: a SQLite file `var/bench/events-<N>-v<V>.db`, and a
PostgreSQL template database `carepack_t_benchseed_<N>_v<V>` that each run copies.

Run: `.venv/bin/python bench/seed.py [--events N] [--store sqlite|postgres|both] [--fresh]`
prints `seed_<store> <events/s> events/s events=<n>` (the cache is then ready).
"""

from __future__ import annotations

import argparse
import queue
import random
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from eventsourcing.domain import Aggregate
from psycopg import sql

# Appended, not prepended: bench/projections.py must never shadow the `projections` package.
sys.path.append(str(Path(__file__).resolve().parent))
from _server import _admin, copy_database, database_exists, pg_url
from _stories import World
from application.app import Carepack
from application.settings import Settings

VERSION = 2  # bump when the stories change: old caches are then ignored
MAX_EVENTS_PER_SAVE = 1000
CACHE_DIR = Path(__file__).resolve().parent.parent / "var" / "bench"


def _pending(aggregates: list[Aggregate]) -> int:
    return sum(len(a.pending_events) for a in aggregates)


def seed_app(app: Carepack, events: int, seed: int = 7) -> int:
    """Append realistic stories until the store holds at least `events`; events written.

    The stories of the next save are played while the database writes the previous one
    (profiled: half the time was waiting on the inserts, the other half the domain
    playing stories); saves still go in the same order and batches, one at a time."""
    world = World(random.Random(seed))
    batch = world.catalogue()
    in_batch, written = _pending(batch), 0
    with _Saver(app) as saver:
        while written + in_batch < events:
            story = world.story()
            size = _pending(story)
            if in_batch + size > MAX_EVENTS_PER_SAVE:
                saver.save(batch)
                written, batch, in_batch = written + in_batch, [], 0
            batch += story
            in_batch += size
        if batch:
            saver.save(batch)
            written += in_batch
    return written


class _Saver:
    """Saves batches in a thread of its own, in order, at most two waiting."""

    def __init__(self, app: Carepack) -> None:
        self.app, self.queue = app, queue.Queue[list[Aggregate] | None](maxsize=2)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> _Saver:
        self.thread.start()
        return self

    def save(self, batch: list[Aggregate] | None) -> None:
        while True:  # never block on a writer that has stopped
            if self.error is not None:
                raise self.error
            try:
                self.queue.put(batch, timeout=1.0)
                return
            except queue.Full:
                continue

    def _run(self) -> None:
        while (batch := self.queue.get()) is not None:
            try:
                self.app.save(*batch)
            except BaseException as error:
                self.error = error
                return

    def __exit__(self, *exc: object) -> None:
        if self.error is None:
            self.save(None)
        self.thread.join()
        if self.error is not None:
            raise self.error


def _seed_into(settings: Settings, events: int) -> tuple[int, float]:
    app = Carepack(settings)
    try:
        started = time.perf_counter()
        written = seed_app(app, events)
        return written, time.perf_counter() - started
    finally:
        app.close()


def cached_sqlite(events: int, fresh: bool = False) -> tuple[Path, str | None]:
    """The cached SQLite event store of this size (seeded now if missing); a seed line."""
    path = CACHE_DIR / f"events-{events}-v{VERSION}.db"
    if path.exists() and not fresh:
        return path, None
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    for stale in (path, partial):
        stale.unlink(missing_ok=True)
    written, seconds = _seed_into(Settings(database_url=f"sqlite:///{partial}"), events)
    partial.rename(path)  # only a complete seed is ever found by name
    return path, f"seed_sqlite {written / seconds:.0f} events/s events={written}"


def cached_postgres(events: int, fresh: bool = False) -> tuple[str, str | None]:
    """The cached PostgreSQL template database of this size (seeded now if missing)."""
    name = f"carepack_t_benchseed_{events}_v{VERSION}"
    with _admin() as admin:
        if database_exists(admin, name) and not fresh:
            return name, None
        partial = name + "_partial"
        for stale in (name, partial):
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(stale)))  # fmt: skip
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(partial)))
        written, seconds = _seed_into(Settings(database_url=pg_url(partial)), events)
        admin.execute(sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
            sql.Identifier(partial), sql.Identifier(name)))  # fmt: skip
    return name, f"seed_postgres {written / seconds:.0f} events/s events={written}"


@contextmanager
def seeded(store: str, events: int) -> Iterator[Settings]:
    """Settings over a seeded store of `events` and fresh, empty read models.

    SQLite: the cached event file (projections only read it) and a temporary read-model
    file. PostgreSQL: a throwaway copy of the template (events and read models), dropped.
    """
    if store == "sqlite":
        path, _ = cached_sqlite(events)
        with tempfile.TemporaryDirectory(prefix="carepack-bench-") as tmp:
            yield Settings(
                database_url=f"sqlite:///{path}",
                read_database_url=f"sqlite:///{Path(tmp) / 'readmodels.db'}",
                data_dir=Path(tmp),
            )
        return
    template, _ = cached_postgres(events)
    name = f"carepack_t_bench_{uuid.uuid4().hex[:12]}"
    with _admin() as admin:
        copy_database(admin, name, template)
        try:
            yield Settings(database_url=pg_url(name))
        finally:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--quick", action="store_true", help="20,000 events")
    parser.add_argument("--store", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--fresh", action="store_true", help="reseed even if cached")
    args = parser.parse_args(argv)
    events = 20_000 if args.quick else args.events
    for store, cached in (("sqlite", cached_sqlite), ("postgres", cached_postgres)):
        if args.store in (store, "both"):
            _, line = cached(events, args.fresh)
            print(line or f"seed_{store} cached events>={events}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
