"""Benchmark: the store-size run (`bench/run --scale 10m`), PostgreSQL only.

On bench/seed.py's store of `--events` (cached template), in this order, each read model
rebuilt once (the rebuild is both the figure and the caught-up store the queries use):
- read_decode_postgres: the notification log read and decoded once (the baseline of the
  catch-up lines: no projection can beat it);
- catchup_<projection>_postgres: each read model rebuilt from position 0 into empty
  tables, one after the other, no time limit (budget 20,000 events/s); the result is
  bench/_caught_up.py's template, so queries.py finds it built;
- audit_verify_postgres: `verify_chain` over the whole store, best of 2 (budget 200,000
  events/s; baseline: the event rows read raw through the driver);
- then bench/queries.py (400 requests per query, p50/p99 and the API's RSS) and
  bench/db_size.py (MB per million events, the seeded store and the caught-up one).
Run: `.venv/bin/python bench/scale.py --events 10000000` (bench/run --scale 10m).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = str(Path(__file__).resolve().parent)
# bench/projections.py must never shadow the `projections` package: bench goes last.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(HERE)] + [HERE]

import _measure as m  # noqa: E402
import _server  # noqa: E402
import db_size  # noqa: E402
import queries  # noqa: E402
import seed  # noqa: E402
from _caught_up import build_caught_up  # noqa: E402
from application.app import Carepack  # noqa: E402
from application.settings import Settings  # noqa: E402
from projections.engine import create_read_engine  # noqa: E402

CATCH_UP_BUDGET = 20_000  # events/s per read model, at scale
VERIFY_BUDGET = 200_000  # events/s
VERIFY_REPEATS = 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--repeats", type=int, default=400, help="requests per query")
    args = parser.parse_args(argv)
    events = args.events
    print(f"# scale: {events} events on PostgreSQL", flush=True)
    source, seeded = seed.cached_postgres(events)
    if seeded:
        print(seeded, flush=True)
    # Baseline, on the seeded store (nothing else connected to it while it is read).
    app = Carepack(Settings(database_url=_server.pg_url(source)))
    try:
        decoded = m.timed(lambda: m.read_notifications(app, decode=True))
    finally:
        app.close()
    name, timings = build_caught_up(events, fresh=True)
    for projection, applied, seconds in timings or []:
        line = m.Line(
            f"catchup_{projection}_postgres", applied / seconds, "events/s", decoded,
            CATCH_UP_BUDGET,
        )  # fmt: skip
        print(f"{line.text()} events={applied} seconds={seconds:.0f}", flush=True)
    settings = Settings(database_url=_server.pg_url(name))
    app, engine = Carepack(settings), create_read_engine(settings)
    try:
        verify = m.verify_line(app, engine, settings, "postgres", VERIFY_BUDGET, VERIFY_REPEATS)
        print(verify.text(), flush=True)
    finally:
        app.close()
        engine.dispose()
    queries.main(["--events", str(events), "--repeats", str(args.repeats)])
    db_size.main(["--events", str(events)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
