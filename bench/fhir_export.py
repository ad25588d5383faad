"""Benchmark: the FHIR bulk export over a seeded store — resources a second and the
export process's peak resident memory (it streams: the figure must not grow with the store).

Prints `fhir_export_<store> <resources/s> resources/s rss_mb=<peak> resources=<n> events=<N>`.
The read models are caught up first (not timed); the export runs as `carepack export fhir`
in a child process, whose peak RSS is read from getrusage.
Run: `.venv/bin/python bench/fhir_export.py [--events N] [--store sqlite|postgres|both]`.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Run as a script, bench/ leads sys.path and bench/projections.py would shadow the package.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE] + [str(_HERE)]
import seed  # noqa: E402
from application.app import Carepack  # noqa: E402
from application.settings import Settings  # noqa: E402
from projections.engine import create_read_engine  # noqa: E402
from projections.host import ProjectionsHost  # noqa: E402
from projections.migrations import upgrade  # noqa: E402

CAREPACK = Path(sys.executable).parent / "carepack"


def _environment(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREPACK_")}
    env["CAREPACK_DATABASE_URL"] = settings.database_url or ""
    if settings.read_database_url:
        env["CAREPACK_READ_DATABASE_URL"] = settings.read_database_url
    env["CAREPACK_DATA_DIR"] = str(settings.data_dir)
    return env


def measure(store: str, events: int) -> str:
    with seed.seeded(store, events) as settings, tempfile.TemporaryDirectory() as out:
        upgrade(settings)
        app, engine = Carepack(settings), create_read_engine(settings)
        try:
            ProjectionsHost(app, engine).catch_up()
        finally:
            engine.dispose()
            app.close()
        started = time.perf_counter()
        command = [str(CAREPACK), "export", "fhir", "--output", out]
        subprocess.run(command, env=_environment(settings), check=True, capture_output=True)
        seconds = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        manifest = json.loads((Path(out) / "manifest.json").read_text())
        total = sum(o["count"] for o in manifest["output"])
    return (f"fhir_export_{store} {total / seconds:.0f} resources/s rss_mb={peak_mb:.0f} "
            f"resources={total} events={events}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--quick", action="store_true", help="20,000 events")
    parser.add_argument("--store", choices=("sqlite", "postgres", "both"), default="sqlite")
    args = parser.parse_args(argv)
    events = 20_000 if args.quick else args.events
    for store in ("sqlite", "postgres"):
        if args.store in (store, "both"):
            print(measure(store, events), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
