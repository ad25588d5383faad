"""Benchmark: commands over HTTP (32 clients, the story mix) against the bare library (product §7).

In one run, each on a fresh throwaway PostgreSQL database (dropped after):
- baseline: bench/story_saves.py's story through `application.app.Carepack` in this
  process, the same 32 clients as threads (per-command latency timed around each call);
- `carepack serve --workers N` (CAREPACK_RUN_PROJECTIONS=false) with `carepack projections
  run` alongside, the same story over HTTP from 32 keep-alive clients (bench/_http_story.py);
  the projections' lag is sampled every 0.1 s under that load (baseline: the lag after
  one story with no load);
- closed loop (each client sends its next command when the last is answered: the
  throughput, budget 1.2x the bare library's, and latencies that are mostly queueing at
  saturation, 32 / throughput, so judged against the bare library's: ratio <= 1) and
  paced (open loop: the 32 clients together send 50 % and then 80 % of the bare library's
  closed-loop rate, latency counted from each command's slot: what a user sees when the
  server is not saturated; p99 budgets 25 and 50 ms); the bare library is measured both
  ways too;
- pg_raw_insert: single-row insert transactions/s through psycopg, each taking the table
  lock the library takes (the physical limit; baseline: the bare library's commands/s).
Lines: `name value unit baseline=<v> ratio=<v/baseline> budget=<b> pass|FAIL`; where the
budget is on the ratio (throughput ≥ the bare library) the line says `budget=ratio>=1`.
Run: `.venv/bin/python bench/http_commands.py [--quick] [--workers 1,2] [--seconds S]
[--profile DIR] [--pace N]` (--quick: 10 s per measure, two workers; --profile: py-spy
collapsed stacks of the server and the projections process under load, needs `pip install
py-spy`; --pace: commands/s offered in the paced measure).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path

HERE = str(Path(__file__).resolve().parent)
# bench/projections.py must never shadow the `projections` package: bench goes last.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(HERE)] + [HERE]

import _load  # noqa: E402
import _server  # noqa: E402
from _bare import CLIENTS, bare_library, meter, pg_raw_insert  # noqa: E402
from _http_story import HttpStory, staff_tokens  # noqa: E402
from _measure import AtMostRatioLine, Line  # noqa: E402
from application.app import Carepack  # noqa: E402
from application.clock import FixedClock  # noqa: E402
from application.settings import Settings  # noqa: E402
from projections.registry import projector_classes  # noqa: E402
from story_saves import Story  # noqa: E402

P99_BUDGET_MS = 50.0
# The paced measures offer these shares of the bare library's closed-loop throughput,
# each with its p99 budget (product §7).
PACED = ((0.5, 25.0), (0.8, 50.0))
THROUGHPUT_BUDGET = 1.2  # x the bare library's commands/s
LAG_BUDGET_S = 1.0


class RatioLine(Line):
    """A line whose budget is on the ratio (value / baseline >= budget)."""

    def text(self) -> str:
        ratio = self.value / self.baseline if self.baseline else float("nan")
        return (
            f"{self.name} {self.value:.0f} {self.unit} baseline={self.baseline:.0f} "
            f"ratio={ratio:.2f} budget=ratio>={self.budget:g} "
            f"{'pass' if ratio >= self.budget else 'FAIL'}"
        )


def _publish(settings: Settings) -> str:
    """A published package, written straight through the application (setup, untimed)."""
    app = Carepack(settings, FixedClock(datetime.now(UTC)))
    try:
        return str(Story(app, app.clock).package)  # type: ignore[arg-type]
    finally:
        app.close()


def over_http(
    workers: int, seconds: float, stories: int, paces: list[float], profile: Path | None = None
) -> tuple[_load.Result, float, list[float], str, list[_load.Result]]:
    """(load result, idle lag s, lags under load s, CPU ms per command, paced results)
    against `carepack serve --workers N` with `carepack projections run` alongside."""
    with _server.fresh_database() as url:
        settings = Settings(database_url=url, jwt_secret=_server.JWT_SECRET)
        package = _publish(settings)
        projections = ["projections", "run"]
        with (
            _server.serve(url, workers) as (port, pid),  # migrates before projections start
            _server.process(projections, _server.server_env(url), "projections") as projector,
        ):
            pids = {"serve": pid, "projections": projector.pid}
            spies = _server.py_spy(profile, f"w{workers}", pids)
            closed = _under_load(url, port, pids, settings, package, seconds, stories, spies)
            # Timed from a steady state: the projections have applied the clients' warm-up.
            settled = (lambda: _load.wait_settled(url, len(projector_classes())), lambda: None)
            paced = [
                _load.drive(
                    lambda n: HttpStory(port, settings, staff_tokens(settings), package),
                    CLIENTS, seconds, stories, settled, pace,
                )
                for pace in paces
            ]  # fmt: skip
            return (*closed, paced)


def _under_load(
    url: str, port: int, pids: dict[str, int], settings: Settings, package: str,
    seconds: float, stories: int, spies: AbstractContextManager[None],
) -> tuple[_load.Result, float, list[float], str]:  # fmt: skip
    count, tokens = len(projector_classes()), staff_tokens(settings)
    probe = HttpStory(port, settings, tokens, package)
    with _load.LagSampler(url, count) as warm:
        if not warm.settle(60):
            raise RuntimeError("projections never caught up with the setup")
    idle = statistics.median(_load.idle_lag(url, count, probe.run_once) for _ in range(3))
    probe.close()
    groups = {
        "serve": _server.with_children(pids["serve"]),  # the uvicorn workers, if several
        "projections": [pids["projections"]],
        "client": [os.getpid()],
    }
    meter_, around = meter(groups, url)
    with spies, _load.LagSampler(url, count) as sampler:
        since = time.perf_counter()
        result = _load.drive(
            lambda n: HttpStory(port, settings, tokens, package), CLIENTS, seconds, stories, around
        )
        until = time.perf_counter()
        sampler.settle(30)
    return result, idle, sampler.lags(since, until), meter_.per(result.commands)


def _errors(name: str, result: _load.Result) -> None:
    if result.errors:
        print(f"# {name}: {len(result.errors)} failed stories, first: {result.errors[0][:300]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 s per measure, two workers")
    parser.add_argument("--seconds", type=float, default=None, help="per measure (default 30)")
    parser.add_argument("--workers", default=None, help="API worker counts (default 1,2)")
    parser.add_argument("--profile", type=Path, help="py-spy the processes under load into DIR")
    parser.add_argument(
        "--pace", type=float, help="commands/s offered in one paced measure (default: 50 %% "
        "and 80 %% of the bare library's closed-loop rate)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    seconds = args.seconds or (10.0 if args.quick else 30.0)
    workers = args.workers or ("2" if args.quick else "1,2")
    stories = int(seconds * 100)  # a bound well above what two cores can do
    lib, cpu = bare_library(seconds, stories)
    _errors("bare_library", lib)
    print(f"# bare library: {lib.commands} commands in {lib.elapsed:.1f}s, {CLIENTS} threads;"
          f" CPU ms/command: {cpu}", flush=True)  # fmt: skip
    paced_at = [(args.pace, P99_BUDGET_MS)] if args.pace else [
        (share * lib.rate, budget) for share, budget in PACED
    ]  # fmt: skip
    lib_paced = []
    for pace, _ in paced_at:
        found, _ = bare_library(seconds, stories, pace)
        _errors("bare_library_paced", found)
        lib_paced.append(found)
        print(f"# paced: {CLIENTS} clients sending {pace:.0f} commands/s in all (open loop,"
              f" {pace / lib.rate:.0%} of the bare library's closed-loop rate); bare library"
              f" answered {found.rate:.0f}/s", flush=True)  # fmt: skip
    for count in (int(w) for w in workers.split(",")):
        paces = [pace for pace, _ in paced_at]
        result, idle, lags, cpu, paced = over_http(count, seconds, stories, paces, args.profile)
        name = f"http_w{count}"
        _errors(name, result)
        answered = ", ".join(f"{p.rate:.0f}/s" for p in paced)
        print(f"# {name}: {result.commands} commands in {result.elapsed:.1f}s; CPU ms/command:"
              f" {cpu}; paced: answered {answered}", flush=True)  # fmt: skip
        lines: list[Line] = [
            RatioLine(f"{name}_commands", result.rate, "commands/s", lib.rate, THROUGHPUT_BUDGET),
            AtMostRatioLine(f"{name}_p50", result.p50, "ms", lib.p50, 1.0, False),
            AtMostRatioLine(f"{name}_p99", result.percentile(0.99), "ms",
                            lib.percentile(0.99), 1.0, False),
        ]  # fmt: skip
        for (pace, budget), mine, theirs in zip(paced_at, paced, lib_paced, strict=True):
            _errors(f"{name}_paced", mine)
            tag = f"{name}_paced{round(100 * pace / lib.rate)}"
            lines += [
                Line(f"{tag}_p50", mine.p50, "ms", theirs.p50, budget, False),
                Line(f"{tag}_p99", mine.percentile(0.99), "ms", theirs.percentile(0.99),
                     budget, False),
            ]  # fmt: skip
        lines.append(Line(f"{name}_projection_lag_max", max(lags, default=float("nan")), "s",
                          idle, LAG_BUDGET_S, False))  # fmt: skip
        for line in lines:
            print(line.text(), flush=True)
    raw = pg_raw_insert(min(seconds, 10.0))
    print(RatioLine("pg_raw_insert", raw, "tx/s", lib.rate, 1.0).text(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
