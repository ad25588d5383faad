"""Crash safety: `carepack projections run` killed (SIGKILL) at 20 random moments of a
catch-up of 50,000 events on PostgreSQL, and `carepack serve`'s embedded projections
killed during theirs on SQLite (20,000 events); after a restart every read model equals
a rebuild from zero, so nothing was lost and no refund or redemption was counted twice.

The 50,000-event stores are seeded once by bench/seed.py (a PostgreSQL template database,
a SQLite file under var/bench) and copied per run. Prints the kill positions (-s).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from application.app import Carepack
from application.settings import Settings
from projections.engine import create_read_engine
from projections.rebuild import rebuild
from projections.registry import projector_classes
from projections.runner import Runner
from projections.tracking import current_position
from tests.e2e.serving import free_port, serve_env
from tests.stores import CreateDatabase

pytestmark = pytest.mark.slow
BENCH = Path(__file__).resolve().parents[2] / "bench"
CAREPACK = Path(sys.executable).parent / "carepack"
EVENTS = 50_000
SQLITE_EVENTS = 20_000  # embedded on SQLite: slower, and the same code as on PostgreSQL
Rows = dict[str, list[tuple[Any, ...]]]


def _seed() -> Any:
    sys.path.append(str(BENCH))
    import seed

    return seed


def _rows(engine: Engine) -> dict[str, Rows]:
    found: dict[str, Rows] = {}
    with engine.connect() as conn:
        for name, cls in projector_classes().items():
            found[name] = {
                t.name: sorted((tuple(r) for r in conn.execute(select(t))), key=repr)
                for t in cls.tables
            }
    return found


def _positions(engine: Engine) -> dict[str, int]:
    return {name: current_position(engine, name) for name in projector_classes()}


def _kill_during_catch_up(
    start: Any, engine: Engine, head: int, kills: int, rng: random.Random
) -> list[int]:
    """Start, let it work a random while, SIGKILL; `kills` times. The total positions at
    each kill (the read models' progress), which must keep growing across kills."""
    at: list[int] = []
    for _ in range(kills):
        before = sum(_positions(engine).values())
        process: subprocess.Popen[bytes] = start()
        try:
            deadline = time.monotonic() + 60
            while sum(_positions(engine).values()) == before:  # it has started applying
                assert process.poll() is None and time.monotonic() < deadline
                time.sleep(0.05)
            time.sleep(rng.uniform(0.0, 0.5))
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
        at.append(sum(_positions(engine).values()))
        if min(_positions(engine).values()) >= head:
            break  # caught up before all the kills: the rest would prove nothing
    return at


def _until_caught_up(start: Any, engine: Engine, head: int) -> None:
    process: subprocess.Popen[bytes] = start()
    try:
        deadline = time.monotonic() + 120
        while min(_positions(engine).values()) < head:
            assert process.poll() is None, "the projections process died"
            assert time.monotonic() < deadline, _positions(engine)
            time.sleep(0.1)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _equals_rebuild(settings: Settings) -> None:
    engine = create_read_engine(settings)
    app = Carepack(settings)
    try:
        incremental = _rows(engine)
        for cls in projector_classes().values():
            rebuild(Runner(app, engine, cls(), batch_size=5000))
        rebuilt = _rows(engine)
        for name in projector_classes():
            assert incremental[name] == rebuilt[name], name
        assert sum(len(rows) for rows in incremental["finance"].values()) > 0
    finally:
        app.close()
        engine.dispose()


@contextmanager
def _postgres_copy(create_pg_database: CreateDatabase) -> Iterator[str]:
    template, _ = _seed().cached_postgres(EVENTS)
    yield create_pg_database(template)


@pytest.mark.postgres
def test_given_projections_killed_20_times_during_a_50k_catch_up_then_equal_a_rebuild(
    create_pg_database: CreateDatabase, tmp_path: Path
) -> None:
    with _postgres_copy(create_pg_database) as url:
        settings = Settings(database_url=url, data_dir=tmp_path)
        env = serve_env(tmp_path, 0, database_url=url)
        log = (tmp_path / "projections.log").open("ab")

        def start() -> subprocess.Popen[bytes]:
            args = [str(CAREPACK), "projections", "run"]
            return subprocess.Popen(args, env=env, stdout=log, stderr=log)

        app = Carepack(settings)
        head = app.recorder.max_notification_id() or 0
        app.close()
        assert head >= EVENTS
        engine = create_read_engine(settings)
        try:
            from projections.migrations import upgrade

            upgrade(settings)  # the positions exist before the first kill
            at = _kill_during_catch_up(start, engine, head, 20, random.Random(15))
            print(f"\n# killed {len(at)} times at total positions {at} (head {head} x "
                  f"{len(projector_classes())} projections)")  # fmt: skip
            assert len(at) == 20 and at == sorted(at)
            _until_caught_up(start, engine, head)
        finally:
            engine.dispose()
            log.close()
        _equals_rebuild(settings)


def test_given_embedded_projections_killed_during_a_catch_up_on_sqlite_then_equal_a_rebuild(
    tmp_path: Path,
) -> None:
    path, _ = _seed().cached_sqlite(SQLITE_EVENTS)
    shutil.copyfile(path, tmp_path / "events.db")
    settings = Settings(data_dir=tmp_path)
    from projections.migrations import upgrade

    upgrade(settings)
    log = (tmp_path / "serve.log").open("ab")

    def start() -> subprocess.Popen[bytes]:
        env = serve_env(tmp_path, free_port())
        return subprocess.Popen([str(CAREPACK), "serve"], env=env, stdout=log, stderr=log)

    engine = create_read_engine(settings)
    app = Carepack(settings)
    head = app.recorder.max_notification_id() or 0
    app.close()
    try:
        at = _kill_during_catch_up(start, engine, head, 5, random.Random(16))
        print(f"\n# serve (SQLite) killed {len(at)} times at total positions {at}")
        assert len(at) >= 3 and at == sorted(at)
        _until_caught_up(start, engine, head)
    finally:
        engine.dispose()
        log.close()
    _equals_rebuild(settings)
    assert os.path.exists(tmp_path / "readmodels.db")
