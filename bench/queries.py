"""Benchmark: read-model queries through the API, and the API's memory, on a big store (product §7).

A copy of bench/_caught_up.py's template (bench/seed.py's store, 1,000,000 events, or
50,000 with --quick, every projection caught up) is served by a real `carepack serve`
(CAREPACK_RUN_PROJECTIONS=false; nothing is written, so no projections process). One
client asks each query in turn, rotating over 50 patients and subscriptions:
  dashboard_summary, dashboard_patients, dashboard_worklist (follow_ups_due),
  audit_events_patient, finance_refunds, finance_balance
and prints its p50 (budget: at most 3x its SQL alone plus the HTTP floor, the baseline
printed) and p99 (budget 25 ms; baseline its SQL alone). SQL alone: the same SQL the query
function issues (captured once per query with a SQLAlchemy cursor hook, in this process)
replayed through a raw psycopg connection, so the ratio is everything above the SQL: HTTP,
Litestar, query building, the access-log write and the position header.
api_rss: the server's VmRSS after the queries (budget 300 MB); baseline: its VmRSS just
after it started answering.
Run: `.venv/bin/python bench/queries.py [--quick] [--events N] [--repeats N] [--fresh]`.
"""

from __future__ import annotations

import argparse
import http.client
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = str(Path(__file__).resolve().parent)
# bench/projections.py must never shadow the `projections` package: bench goes last.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(HERE)] + [HERE]

import psycopg  # noqa: E402

import _server  # noqa: E402
from _caught_up import caught_up_template  # noqa: E402
from _measure import AtMostRatioLine, Line  # noqa: E402
from _query_cases import Case, cases  # noqa: E402
from application.settings import Settings  # noqa: E402
from projections.engine import create_read_engine  # noqa: E402

P99_BUDGET_MS = 25.0
P50_BUDGET_RATIO = 3.0  # x (the query's SQL alone + the HTTP floor), p50 against p50
RSS_BUDGET_MB = 300.0


def _sample(work: Callable[[int], None], repeats: int) -> list[float]:
    for i in range(min(20, repeats)):  # warm-up: plans, caches, connections
        work(i)
    times = []
    for i in range(repeats):
        started = time.perf_counter()
        work(i)
        times.append((time.perf_counter() - started) * 1000)
    return sorted(times)


def _p(times: list[float], q: float) -> float:
    return times[min(len(times) - 1, int(len(times) * q))]


def over_http(port: int, case: Case, repeats: int) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Bearer {case.token}"}

    def ask(i: int) -> None:
        conn.request("GET", case.paths[i % len(case.paths)], headers=headers)
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"{case.name}: {response.status} {body[:300]!r}")

    try:
        return _sample(ask, repeats)
    finally:
        conn.close()


def raw_sql(url: str, case: Case, repeats: int) -> list[float]:
    """The captured statements of each variant, replayed on one raw connection."""
    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.cursor()

        def ask(i: int) -> None:
            for statement, parameters in case.statements[i % len(case.statements)]:
                cursor.execute(statement, parameters)
                if cursor.description is not None:
                    cursor.fetchall()

        return _sample(ask, repeats)


def run(events: int, repeats: int, fresh: bool, profile: Path | None = None) -> None:
    template, built = caught_up_template(events, fresh)
    if built:
        print(built, flush=True)
    with _server.fresh_database(template, prefix="q") as url:
        settings = Settings(database_url=url, jwt_secret=_server.JWT_SECRET)
        engine = create_read_engine(settings)
        try:
            found = cases(engine, settings)
        finally:
            engine.dispose()
        with _server.serve(url) as (port, pid):
            started_rss = _server.rss_mb(pid)
            floor = over_http(port, Case("health", "", ["/health"]), repeats)
            print(f"# HTTP floor (GET /health, no database): p50={_p(floor, 0.5):.3f} ms "
                  f"p99={_p(floor, 0.99):.3f} ms", flush=True)  # fmt: skip
            for case in found:
                baseline = raw_sql(url, case, repeats)
                with _server.py_spy(profile, case.name, {"serve": pid}):
                    measured = over_http(port, case, repeats)
                near = _p(baseline, 0.5) + _p(floor, 0.5)  # its SQL alone + the HTTP floor
                p50 = AtMostRatioLine(f"{case.name}_p50", _p(measured, 0.5), "ms", near,
                                      P50_BUDGET_RATIO)  # fmt: skip
                p99 = Line(f"{case.name}_p99", _p(measured, 0.99), "ms", _p(baseline, 0.99),
                           P99_BUDGET_MS, higher_is_better=False)  # fmt: skip
                print(p50.text(), p99.text(), sep="\n", flush=True)
            rss = _server.rss_mb(pid)
    line = Line("api_rss", rss, "MB", started_rss, RSS_BUDGET_MB, higher_is_better=False)
    print(line.text(), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="50,000 events, 150 requests per query"
    )
    parser.add_argument("--events", type=int, default=None, help="default 1,000,000")
    parser.add_argument("--repeats", type=int, default=None, help="per query (default 1000)")
    parser.add_argument("--fresh", action="store_true", help="rebuild the caught-up template")
    parser.add_argument("--profile", type=Path, help="py-spy the server per query into DIR")
    args = parser.parse_args(argv)
    events = args.events or (50_000 if args.quick else 1_000_000)
    repeats = args.repeats or (150 if args.quick else 1000)
    print(f"# queries: {events} events, {repeats} requests per query", flush=True)
    run(events, repeats, args.fresh, args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
