"""Benchmark: dashboard and finance catch-up from 0 on SQLite and PostgreSQL (product §7).

Each catch-up is paired with a baseline taken in the same process just before it: reading
and decoding the same notifications in the runner's batches. Prints one line per figure:
  name value unit baseline=<value> ratio=<value/baseline> budget=10000 pass|FAIL
Run: `.venv/bin/python bench/projection_speed_dashboard_finance.py [--events N]
[--store sqlite|postgres|both] [--profile dashboard|finance]` (seeded stores are cached by
bench/seed.py; `--profile` prints the top of a cProfile of that catch-up on each store).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BUDGET = 10_000  # events/s per projection
BATCH = 500  # the runner's default


def _unshadow() -> None:
    """bench/projections.py must never shadow the `projections` package: bench goes last."""
    here = str(Path(__file__).resolve().parent)
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(here)] + [here]


def timed(work: Callable[[], int]) -> float:
    started = time.perf_counter()
    count = work()
    return count / (time.perf_counter() - started)


def read_decode(app: Any) -> int:
    """The baseline: page through the notification log as the runner does, decoding each."""
    start, count = 1, 0
    while notifications := app.recorder.select_notifications(start=start, limit=BATCH):
        for n in notifications:
            app.mapper.to_domain_event(n)
        count += len(notifications)
        start = notifications[-1].id + 1
    return count


def line(name: str, value: float, baseline: float) -> str:
    verdict = "pass" if value >= BUDGET else "FAIL"
    return (
        f"{name} {value:.0f} events/s baseline={baseline:.0f} "
        f"ratio={value / baseline:.3f} budget={BUDGET} {verdict}"
    )


def run_store(store: str, events: int, profile: str | None) -> None:
    import seed
    from application.app import Carepack
    from projections.dashboard.projector import DashboardProjector
    from projections.engine import create_read_engine
    from projections.finance.projector import FinanceProjector
    from projections.migrations import upgrade
    from projections.runner import Runner

    with seed.seeded(store, events) as settings:
        upgrade(settings)
        app, engine = Carepack(settings), create_read_engine(settings)
        try:
            for cls in (DashboardProjector, FinanceProjector):
                baseline = timed(lambda: read_decode(app))
                runner = Runner(app, engine, cls(), batch_size=BATCH)
                profiler = cProfile.Profile() if profile == cls.name else None
                if profiler:
                    profiler.enable()
                rate = timed(runner.catch_up)
                if profiler:
                    profiler.disable()
                    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
                print(line(f"catchup_{cls.name}_{store}", rate, baseline), flush=True)
        finally:
            app.close()
            engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--store", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--profile", choices=("dashboard", "finance"), default=None)
    args = parser.parse_args(argv)
    _unshadow()
    for store in ("sqlite", "postgres"):
        if args.store in (store, "both"):
            print(f"# {store}: {args.events} events", flush=True)
            run_store(store, args.events, args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
