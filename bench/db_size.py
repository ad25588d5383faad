"""Benchmark: PostgreSQL database size per million events (product §7 at 1M and 10M).

Two lines, no budget: `db_size_events` is bench/seed.py's cached store of `--events` (the
event table and its indexes), `db_size_caught_up` the same store with every read model
caught up (bench/_caught_up.py's template), each in MB per million events; skipped, with a
comment line, when that template has not been built yet (bench/queries.py builds it).
Run: `.venv/bin/python bench/db_size.py [--events N]` (default 1,000,000).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = str(Path(__file__).resolve().parent)
# bench/projections.py must never shadow the `projections` package: bench goes last.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(HERE)] + [HERE]

import _server  # noqa: E402
import seed  # noqa: E402
from _caught_up import template_name  # noqa: E402


def _size_mb(name: str) -> float | None:
    with _server._admin() as admin:
        row = admin.execute(
            "SELECT pg_database_size(datname) FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
    return None if row is None else int(str(row[0])) / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    millions = args.events / 1e6
    for label, name in (
        ("db_size_events", f"carepack_t_benchseed_{args.events}_v{seed.VERSION}"),
        ("db_size_caught_up", template_name(args.events)),
    ):
        size = _size_mb(name)
        if size is None:
            print(f"# {label}: no database {name} yet (run bench/queries.py --events N)")
            continue
        print(f"{label} {size / millions:.0f} MB/million events total={size:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
