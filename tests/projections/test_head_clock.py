"""How far behind a projection is, in seconds, is measured by recording time (head samples).

The demo's events are dated weeks back: measured by their own times, `/ready` read days
behind for a projection a few events short of the head.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from eventsourcing.domain import DomainEvent
from sqlalchemy import Engine, func, select

from projections.head_clock import HeadClock, record_head
from projections.runner import Runner
from projections.schema import store_head_times
from tests.projections.toy import BalanceProjector, ToyApp, seed

WEEKS_AGO = datetime.now(UTC) - timedelta(weeks=6)


@pytest.fixture
def dated_weeks_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """Events stamped six weeks ago, as the demo hospital's are."""
    monkeypatch.setattr(DomainEvent, "create_timestamp", staticmethod(lambda: WEEKS_AGO))


def _behind(app: ToyApp, engine: Engine) -> tuple[int, float]:
    runner = Runner(app, engine, BalanceProjector(), batch_size=5)
    runner.catch_up(max_batches=1)
    status = runner.status()
    return status.lag, status.seconds_behind


def test_given_old_events_recorded_seconds_ago_then_seconds_behind_counts_seconds(
    app: ToyApp, engine: Engine, dated_weeks_back: None
) -> None:
    seed(app, accounts=2, deposits=4)
    record_head(engine, 12, datetime.now(UTC) - timedelta(seconds=5))

    lag, seconds = _behind(app, engine)

    assert lag == 7
    assert 4.5 <= seconds < 60


def test_given_no_head_sample_then_the_event_s_own_time_is_the_fallback(
    app: ToyApp, engine: Engine, dated_weeks_back: None
) -> None:
    seed(app, accounts=2, deposits=4)
    record_head(engine, 5, datetime.now(UTC))  # at the projection's position: not past it

    lag, seconds = _behind(app, engine)

    assert lag == 7
    assert seconds > timedelta(weeks=5).total_seconds()


def test_a_sample_is_kept_only_when_the_head_moved_and_old_ones_are_pruned(
    engine: Engine,
) -> None:
    now = datetime.now(UTC)
    assert record_head(engine, 3, now - timedelta(days=2))
    assert not record_head(engine, 3, now)  # the head has not moved
    assert not record_head(engine, 2, now)
    assert record_head(engine, 9, now)

    with engine.connect() as conn:
        kept = conn.execute(select(store_head_times.c.position)).scalars().all()
    assert kept == [9]  # the two-day-old sample is pruned, the newest kept


def test_the_head_clock_thread_samples_the_store(app: ToyApp, engine: Engine) -> None:
    seed(app, accounts=1, deposits=2)
    clock = HeadClock(app, engine, interval=0.05)
    clock.start()
    try:
        deadline = time.monotonic() + 5
        newest = None
        while newest != 4 and time.monotonic() < deadline:
            time.sleep(0.05)
            with engine.connect() as conn:
                newest = conn.execute(select(func.max(store_head_times.c.position))).scalar()
    finally:
        clock.stop()
    assert newest == 4
