"""Benchmark: projection catch-up, audit verification and state-as-of, SQLite and PostgreSQL.

Prints one line per figure (product §7), each against a baseline measured in the same run:
  name value unit baseline=<value> ratio=<value/baseline> budget=<value> pass|FAIL
- read_decode_<store>: reading + decoding the notification log (baseline: reading only);
- catchup_<projector>_<store>: catch-up from 0 (baseline: read + decode, just before);
- audit_verify_<store>: verify_chain (baseline: raw driver reads of the event rows);
- state_as_of_p50|p99_<store>: one aggregate's state at a moment, ms (baseline: its
  raw `select_events`); lower is better, the ratio is the replay's overhead.
Run: `.venv/bin/python bench/projections.py [--quick] [--events N] [--store sqlite|postgres]`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

CATCH_UP_BUDGET = 10_000  # events/s per projection
VERIFY_BUDGET = 100_000  # events/s
AS_OF_BUDGET_MS = 10.0


def _unshadow() -> None:
    """Run as a script, this file's directory leads sys.path and this file's name would
    shadow the `projections` package: move the directory to the end."""
    here = str(Path(__file__).resolve().parent)
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(here)] + [here]


def run_store(store: str, events: int, max_seconds: float) -> None:
    import _measure as m
    import seed
    from application.app import Carepack
    from projections.engine import create_read_engine
    from projections.migrations import upgrade

    with seed.seeded(store, events) as settings:
        upgrade(settings)
        app, engine = Carepack(settings), create_read_engine(settings)
        try:
            for line in m.catch_up_lines(app, engine, store, CATCH_UP_BUDGET, max_seconds):
                print(line.text(), flush=True)
            print(m.verify_line(app, engine, settings, store, VERIFY_BUDGET).text(), flush=True)
            for line in m.as_of_lines(app, store, AS_OF_BUDGET_MS):
                print(line.text(), flush=True)
        finally:
            app.close()
            engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20,000 events")
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--store", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument(
        "--max-seconds", type=float, default=60.0, help="per projector catch-up (then partial)"
    )
    args = parser.parse_args(argv)
    _unshadow()
    events = 20_000 if args.quick else args.events
    for store in ("sqlite", "postgres"):
        if args.store in (store, "both"):
            print(f"# {store}: {events} events", flush=True)
            run_store(store, events, args.max_seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
