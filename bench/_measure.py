"""The projection measurements and their same-run baselines (used by bench/projections.py).

Every figure is paired with a baseline taken in the same process just before it, so that
a ratio survives the machine's load (other engineers run tests on the same two cores).
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

import psycopg
from sqlalchemy import Engine

from application.settings import Settings, sqlite_path
from projections.audit.as_of import state_as_of
from projections.audit.verify import verify_chain
from projections.projector import Projector
from projections.registry import projector_classes
from projections.runner import Runner

READ_BATCH = 500  # the runner's default batch, so the baseline reads like the runner
REPEATS = 3  # repeatable figures (baselines, verification) are the best of this many runs


@dataclass(frozen=True)
class Line:
    name: str
    value: float
    unit: str
    baseline: float
    budget: float
    higher_is_better: bool = True

    def text(self) -> str:
        ratio = self.value / self.baseline if self.baseline else float("nan")
        ok = self.value >= self.budget if self.higher_is_better else self.value <= self.budget
        fmt = "{:.0f}" if self.unit.endswith("/s") else "{:.3f}"
        return (
            f"{self.name} {fmt.format(self.value)} {self.unit} "
            f"baseline={fmt.format(self.baseline)} ratio={ratio:.2f} "
            f"budget={self.budget:g} {'pass' if ok else 'FAIL'}"
        )


class AtMostRatioLine(Line):
    """A latency judged against its baseline: value / baseline <= budget."""

    def text(self) -> str:
        ratio = self.value / self.baseline if self.baseline else float("nan")
        return (
            f"{self.name} {self.value:.3f} {self.unit} baseline={self.baseline:.3f} "
            f"ratio={ratio:.2f} budget=ratio<={self.budget:g} "
            f"{'pass' if ratio <= self.budget else 'FAIL'}"
        )


def timed(work: Callable[[], int], repeats: int = 1) -> float:
    """Items per second of `work()` (which returns how many items it handled), the best
    of `repeats` runs: other processes on the machine only ever slow a run down."""
    best = 0.0
    for _ in range(repeats):
        started = time.perf_counter()
        count = work()
        best = max(best, count / (time.perf_counter() - started))
    return best


def read_notifications(app: Any, decode: bool) -> int:
    """The baseline: page through the notification log (and decode every event)."""
    start, count, to_domain_event = 1, 0, app.mapper.to_domain_event
    while notifications := app.recorder.select_notifications(start=start, limit=READ_BATCH):
        if decode:
            for n in notifications:
                to_domain_event(n)
        count += len(notifications)
        start = notifications[-1].id + 1
    return count


def read_raw_rows(settings: Settings, batch: int = 5000) -> int:
    """The verification baseline: the event rows straight through the driver, keyset-paged."""
    if settings.is_postgres:
        query = (
            "SELECT notification_id, originator_id, originator_version, topic, state "
            "FROM carepack_events WHERE notification_id > %s ORDER BY notification_id LIMIT %s"
        )
        with psycopg.connect(settings.event_store_url()) as conn:
            cursor = conn.cursor(binary=True)  # bytea as is, as the verifier reads it
            return _paged(lambda after: cursor.execute(query, (after, batch)).fetchall())
    query = (
        "SELECT rowid, originator_id, originator_version, topic, state "
        "FROM stored_events WHERE rowid > ? ORDER BY rowid LIMIT ?"
    )
    with sqlite3.connect(sqlite_path(settings.event_store_url())) as db:
        return _paged(lambda after: db.execute(query, (after, batch)).fetchall())


def _paged(fetch: Callable[[int], list[Any]]) -> int:
    after, count = 0, 0
    while rows := fetch(after):
        count += len(rows)
        after = rows[-1][0]
    return count


class NoopProjector(Projector):
    """Applies nothing: its catch-up is the runner's own cost (read, decode, tracking)."""

    name = "bench_noop"
    tables = ()


def catch_up(runner: Runner, max_seconds: float) -> tuple[int, bool]:
    """Batches until the log is exhausted or time is up: (events applied, finished)."""
    total, started = 0, time.perf_counter()
    while True:
        applied = runner.run_batch()
        total += applied
        if applied < runner.batch_size:
            return total, True
        if time.perf_counter() - started > max_seconds:
            return total, False


def catch_up_lines(
    app: Any, engine: Engine, store: str, budget: float, max_seconds: float
) -> list[Line]:
    """Each projector's catch-up from 0, after its own read(+decode) baseline."""
    raw = timed(lambda: read_notifications(app, decode=False), REPEATS)
    decoded = timed(lambda: read_notifications(app, decode=True), REPEATS)
    lines = [Line(f"read_decode_{store}", decoded, "events/s", raw, budget)]
    projectors: dict[str, type[Projector]] = {"noop": NoopProjector, **projector_classes()}
    for name, cls in projectors.items():
        # The baseline is read just before and just after, and averaged: the catch-up
        # itself runs once, so a best-of-N baseline would be unfairly lucky.
        before = timed(lambda: read_notifications(app, decode=True))
        runner = Runner(app, engine, cls())
        started = time.perf_counter()
        try:
            applied, finished = catch_up(runner, max_seconds)
        except Exception as error:  # an unfinished projector must not hide the others
            print(f"# catchup_{name}_{store} failed: {type(error).__name__}: {error}")
            applied, finished = 0, True
        seconds = time.perf_counter() - started
        rate = applied / seconds
        baseline = (before + timed(lambda: read_notifications(app, decode=True))) / 2
        if not finished:
            print(f"# catchup_{name}_{store}: stopped after {seconds:.0f}s at {applied} events")
        lines.append(Line(f"catchup_{name}_{store}", rate, "events/s", baseline, budget))
    return lines


def verify_line(
    app: Any, engine: Engine, settings: Settings, store: str, budget: float, repeats: int = REPEATS
) -> Line:
    """Audit verification (the audit projection must be caught up) against raw reads."""
    baseline = timed(lambda: read_raw_rows(settings), repeats)
    problems: list[str] = []

    def verify() -> int:
        result = verify_chain(app, engine)
        if not result.ok:
            problems.append(str(result.problem or result.failed_checkpoints))
        return int(result.checked)

    rate = timed(verify, repeats)
    if problems:
        print(f"# audit_verify_{store} did not verify: {problems[0]}")
        rate = 0.0
    return Line(f"audit_verify_{store}", rate, "events/s", baseline, budget)


def busiest_aggregate(app: Any) -> tuple[UUID, int]:
    """An aggregate with many events (the first subscription with the most of them)."""
    best: tuple[UUID, int] = (UUID(int=0), 0)
    for n in app.recorder.select_notifications(start=1, limit=5000):
        if n.originator_version > best[1]:
            best = (UUID(str(n.originator_id)), n.originator_version)
    return best


def as_of_lines(app: Any, store: str, budget_ms: float, repeats: int = 300) -> list[Line]:
    """State-as-of latency (p50, p99) against reading the same events raw."""
    aggregate, _ = busiest_aggregate(app)
    events = app.recorder.select_events(aggregate)
    moment = app.mapper.to_domain_event(events[len(events) // 2]).timestamp + timedelta(0)

    def sample(work: Callable[[], object]) -> list[float]:
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            work()
            times.append((time.perf_counter() - started) * 1000)
        return sorted(times)

    raw = sample(lambda: app.recorder.select_events(aggregate))
    replay = sample(lambda: state_as_of(app, aggregate, moment))
    p99 = int(repeats * 0.99) - 1
    return [
        Line(f"state_as_of_p50_{store}", statistics.median(replay), "ms",
             statistics.median(raw), budget_ms, higher_is_better=False),
        Line(f"state_as_of_p99_{store}", replay[p99], "ms", raw[p99], budget_ms,
             higher_is_better=False),
    ]  # fmt: skip
