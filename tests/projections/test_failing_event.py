"""An event a projection cannot apply: it applies everything before it, records where it is
stuck (position and event type, never the error), retries with back-off, and resumes."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Connection, Engine

from projections import failures
from projections.runner import Runner
from tests.expect import until
from tests.projections.toy import Account, BalanceProjector, ToyApp, balances, seed

SECRET_SQL = "INSERT INTO toy_balances VALUES ('张三', '110101199003077777')"


class BreaksOn300(BalanceProjector):
    """Cannot apply a deposit of 300 while `broken` (the error quotes SQL and personal data)."""

    broken = True

    @classmethod
    def fix(cls) -> None:
        cls.broken = False

    def deposited(self, conn: Connection, position: int, e: Account.Deposited) -> None:
        if self.broken and e.amount == 300:
            raise ValueError(SECRET_SQL)
        super().deposited(conn, position, e)


@pytest.fixture(autouse=True)
def _broken() -> Iterator[None]:
    BreaksOn300.broken = True
    yield
    BreaksOn300.broken = True


@contextmanager
def following(runner: Runner) -> Iterator[None]:
    stop = threading.Event()
    thread = threading.Thread(target=runner.run_forever, args=(stop,), daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(10)


def test_given_an_event_that_fails_then_everything_before_it_applies_and_it_is_reported(
    app: ToyApp, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    # Positions: 1 patient, 2 account opened, deposits 100..400 at 3..6 (300 at 5).
    seed(app, accounts=1, deposits=4)
    runner = Runner(app, engine, BreaksOn300(), retry_max=0.05)
    with caplog.at_level(logging.WARNING), following(runner):
        status = until(lambda: (s := runner.status()).failing and s.failing.attempts >= 3 and s)

    assert status.position == 4 and status.head == 6
    assert (status.failing.position, status.failing.event_type) == (5, "Account.Deposited")
    assert SECRET_SQL not in repr(status)
    # The full exception went to the log, once; the retries say only its type.
    logged = [r for r in caplog.records if r.exc_info]
    assert len(logged) == 1 and SECRET_SQL in str(logged[0].exc_info[1])


def test_given_a_failing_event_when_it_applies_again_then_the_projection_resumes_exactly_once(
    app: ToyApp, engine: Engine
) -> None:
    seed(app, accounts=1, deposits=4)
    runner = Runner(app, engine, BreaksOn300(), retry_max=0.05)
    with following(runner):
        until(lambda: runner.status().failing)
        BreaksOn300.fix()
        status = until(lambda: (s := runner.status()).position == s.head and s)

    assert status.failing is None
    with engine.connect() as conn:
        assert [(row[1], row[2]) for row in balances(conn)] == [(1000, 4)]
        assert failures.read(conn, runner.name) is None


def test_given_a_failure_left_by_another_process_then_a_new_runner_reports_then_clears_it(
    app: ToyApp, engine: Engine
) -> None:
    seed(app, accounts=1, deposits=4)
    first = Runner(app, engine, BreaksOn300())
    with pytest.raises(ValueError):
        first.catch_up()
    assert first.isolate(ValueError("batch failed")) is not None
    assert first.status().failing is not None  # visible to any process reading the status

    BreaksOn300.fix()
    second = Runner(app, engine, BreaksOn300())
    second.catch_up()
    assert second.status().failing is None and second.status().lag == 0


def test_given_attempts_then_the_wait_doubles_up_to_the_maximum(
    app: ToyApp, engine: Engine
) -> None:
    runner = Runner(app, engine, BreaksOn300(), retry_max=60.0)
    assert [runner.retry_delay(n) for n in (1, 2, 3, 7, 8, 500)] == [1, 2, 4, 60, 60, 60]
