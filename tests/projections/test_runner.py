"""The runner applies the notification log exactly once, reports lag, and wakes on new events."""

from __future__ import annotations

import threading
import time
from uuid import UUID

import pytest
from sqlalchemy import Engine

from application.settings import Settings
from projections.read_your_writes import ProjectionTimeout, wait_for_position
from projections.runner import Runner
from tests.projections.toy import Account, BalanceProjector, ToyApp, balances, seed


def _expected(app: ToyApp, ids: list[UUID]) -> list[tuple[str, int, int]]:
    accounts: list[Account] = [app.repository.get(i) for i in ids]
    return sorted((str(a.id), a.balance, a.deposits) for a in accounts)


def _actual(engine: Engine) -> list[tuple[str, int, int]]:
    with engine.connect() as conn:
        return [(r.account_id, r.balance, r.deposits) for r in balances(conn)]


def test_given_events_when_catching_up_in_small_batches_then_each_is_applied_once(
    app: ToyApp, engine: Engine
) -> None:
    ids = seed(app, accounts=3, deposits=4)
    runner = Runner(app, engine, BalanceProjector(), batch_size=5)

    applied = runner.catch_up()
    again = runner.catch_up()

    assert (applied, again) == (18, 0)
    assert _actual(engine) == _expected(app, ids)
    status = runner.status()
    assert (status.position, status.head, status.lag, status.seconds_behind) == (18, 18, 0, 0.0)


def test_given_max_batches_when_catching_up_then_it_stops_and_reports_lag(
    app: ToyApp, engine: Engine
) -> None:
    seed(app, accounts=2, deposits=4)
    runner = Runner(app, engine, BalanceProjector(), batch_size=5)

    assert runner.catch_up(max_batches=1) == 5
    status = runner.status()

    assert (status.position, status.head, status.lag) == (5, 12, 7)
    assert status.seconds_behind > 0


def test_given_two_runners_racing_when_both_catch_up_then_nothing_is_counted_twice(
    app: ToyApp, engine: Engine
) -> None:
    ids = seed(app, accounts=4, deposits=10)
    runners = [Runner(app, engine, BalanceProjector(), batch_size=3) for _ in range(3)]
    threads = [threading.Thread(target=r.catch_up) for r in runners]

    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert _actual(engine) == _expected(app, ids)


def test_given_a_projection_behind_when_waiting_for_a_position_then_it_times_out_or_returns(
    app: ToyApp, engine: Engine
) -> None:
    seed(app, accounts=1, deposits=2)
    runner = Runner(app, engine, BalanceProjector())

    with pytest.raises(ProjectionTimeout):
        wait_for_position(engine, runner.name, 4, timeout=0.05)
    runner.catch_up()
    wait_for_position(engine, runner.name, 4, timeout=0.05)
    wait_for_position(engine, [runner.name], None)


def test_given_run_forever_when_events_arrive_then_they_are_read_promptly(
    app: ToyApp, engine: Engine, settings: Settings
) -> None:
    runner = Runner(app, engine, BalanceProjector())
    stop = threading.Event()
    # PostgreSQL wakes on NOTIFY: even a 5 s polling back-off must not delay it.
    max_wait = 5.0 if settings.is_postgres else 0.5
    thread = threading.Thread(
        target=runner.run_forever, args=(stop,), kwargs={"max_wait": max_wait}
    )
    thread.start()
    try:
        time.sleep(1.5)  # idle long enough to back off
        ids = seed(app, accounts=1, deposits=3)
        position = app.recorder.max_notification_id()
        started = time.monotonic()
        wait_for_position(engine, runner.name, position, timeout=2.0)
        assert time.monotonic() - started < 1.0
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()
    assert _actual(engine) == _expected(app, ids)


@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)
def test_given_gaps_in_notification_ids_when_catching_up_then_they_are_skipped(
    app: ToyApp, engine: Engine
) -> None:
    ids = seed(app, accounts=1, deposits=2)
    with app.recorder.datastore.get_connection() as conn:  # type: ignore[attr-defined]
        for _ in range(5):  # what rolled-back inserts leave behind
            conn.execute("SELECT nextval('toyapp_events_notification_id_seq')")
    ids += seed(app, accounts=1, deposits=2)
    runner = Runner(app, engine, BalanceProjector(), batch_size=3)

    runner.catch_up()

    assert runner.status().position == 13
    assert _actual(engine) == _expected(app, ids)


@pytest.mark.parametrize("store_url", ["postgres"], indirect=True)  # SQLite polls anyway
def test_given_gather_when_commits_arrive_together_then_they_share_one_batch(
    app: ToyApp, engine: Engine
) -> None:
    """Under load a batch per commit was most of a projection's cost: signals are gathered."""
    runner = Runner(app, engine, BalanceProjector(), gather=1.0)
    batches: list[int] = []
    run_batch = runner.run_batch

    def counted() -> int:
        applied = run_batch()
        if applied:
            batches.append(applied)
        return applied

    runner.run_batch = counted  # type: ignore[method-assign]
    stop = threading.Event()
    thread = threading.Thread(target=runner.run_forever, args=(stop,))
    thread.start()
    try:
        time.sleep(0.3)
        ids = [i for _ in range(8) for i in seed(app, accounts=1, deposits=1)]  # 8 commits
        wait_for_position(engine, runner.name, app.recorder.max_notification_id(), timeout=5.0)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert sum(batches) == 24 and len(batches) <= 2, batches
    assert _actual(engine) == _expected(app, ids)


def test_given_a_long_backlog_when_catching_up_then_postgres_statistics_are_refreshed(
    app: ToyApp, engine: Engine, settings: Settings
) -> None:
    """Without statistics PostgreSQL scans whole tables in every batch's reads."""
    ids = seed(app, accounts=3, deposits=4)  # 18 events
    runner = Runner(app, engine, BalanceProjector(), batch_size=3)
    runner.analyze_every = 6
    analysed: list[int] = []
    analyze = runner.analyze

    def counted() -> None:
        analysed.append(runner.status().position)
        analyze()

    runner.analyze = counted  # type: ignore[method-assign]
    assert runner.catch_up() == 18
    assert analysed == [6, 12, 18]
    assert _actual(engine) == _expected(app, ids)
    if settings.is_postgres:
        with engine.connect() as conn:
            when = conn.exec_driver_sql(
                "SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'toy_balances'"
            ).scalar_one()
        assert when is not None
    runner.catch_up()  # caught up: nothing more to analyse
    assert analysed == [6, 12, 18]
