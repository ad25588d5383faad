"""The baselines of bench/http_commands.py: the bare library under the same load, and the
physical limit of single-row insert transactions on this PostgreSQL."""

from __future__ import annotations

import os
import threading
import time
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import psycopg

import _load
import _server
from application.app import Carepack
from application.clock import FixedClock
from application.settings import Settings
from story_saves import Story

CLIENTS = 32


class TimedApp:
    """The application with every call timed into `latencies` (ms)."""

    def __init__(self, app: Carepack, latencies: list[float], client: LibClient) -> None:
        self._app, self._latencies, self._client = app, latencies, client

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._app, name)
        if not callable(attr):
            return attr

        def timed(*args: Any, **kwargs: Any) -> Any:
            pacer = self._client.pacer
            started = pacer.slot() if pacer else time.perf_counter()
            try:
                return attr(*args, **kwargs)
            finally:
                self._latencies.append((time.perf_counter() - started) * 1000)

        return timed


class LibClient:
    def __init__(self, app: Carepack, clock: FixedClock) -> None:
        self.latencies: list[float] = []
        self.pacer: _load.Pacer | None = None
        self.story = Story(TimedApp(app, self.latencies, self), clock)  # type: ignore[arg-type]

    def run_once(self) -> int:
        return len(self.story.run_once())

    def close(self) -> None:
        pass


def meter(groups: dict[str, list[int]], url: str) -> tuple[_server.CpuMeter, Any]:
    """A CPU meter over `groups` plus the database's backends, and `drive`'s `around`."""
    cpu = _server.CpuMeter(dict(groups))

    def start() -> None:
        cpu.groups["pg"] = _server.pg_backends(url)  # after the warm-up: the pools are full
        cpu.start()

    return cpu, (start, cpu.stop)


def bare_library(
    seconds: float, stories: int, pace: float | None = None
) -> tuple[_load.Result, str]:
    """The baseline, and its CPU ms per command by process group (`pace`: see `_load`)."""
    clock = FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    with _server.fresh_database(prefix="lib") as url:
        # The bare library: its own recorder, a transaction per save (no group commit).
        app = Carepack(Settings(database_url=url, pg_group_commit=False), clock)
        cpu, around = meter({"library": [os.getpid()]}, url)
        try:
            result = _load.drive(
                lambda n: LibClient(app, clock), CLIENTS, seconds, stories, around, pace
            )
            return result, cpu.per(result.commands)
        finally:
            app.close()


def pg_raw_insert(seconds: float) -> float:
    """Single-row insert transactions/s, each under the library's EXCLUSIVE table lock."""
    with _server.fresh_database(prefix="raw") as url:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(
                "CREATE TABLE raw_events (id bigserial PRIMARY KEY, originator_id uuid, "
                "originator_version int, topic text, state bytea)"
            )
        counts: list[int] = []
        deadline = time.perf_counter() + seconds

        def work() -> None:
            done, state = 0, b"x" * 300
            with psycopg.connect(url) as conn:
                while time.perf_counter() < deadline:
                    with conn.transaction():
                        conn.execute("LOCK TABLE raw_events IN EXCLUSIVE MODE")
                        conn.execute(
                            "INSERT INTO raw_events (originator_id, originator_version, topic,"
                            " state) VALUES (%s, 1, 'bench:Event', %s)", (uuid4(), state),
                        )  # fmt: skip
                    done += 1
            counts.append(done)

        started = time.perf_counter()
        threads = [threading.Thread(target=work) for _ in range(CLIENTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return sum(counts) / (time.perf_counter() - started)
