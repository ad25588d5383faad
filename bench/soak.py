"""Soak: a paced load at half the measured capacity for 10 minutes; p50/p99 and RSS per minute.

On a fresh throwaway PostgreSQL database, `carepack serve` (one worker) with `carepack
projections run` alongside, as in production. First the capacity: 32 closed-loop clients
playing bench/_http_story.py's 16-command story for `--capacity-seconds`. Then the same
clients paced (open loop) at half that rate, minute after minute, printing per minute the
commands answered, p50 and p99 (from each command's slot, so queueing is not hidden) and
the API process's resident memory (VmRSS). The budget: no minute's p99 above 2x the
first minute's, and the API's RSS at the end at most 10 % above its RSS after the first
minute. Exit 1 when over budget.

    .venv/bin/python bench/soak.py [--minutes 10] [--minute-seconds 60] [--capacity-seconds 20]

(`--minutes 2 --minute-seconds 20` for a try; longer with `--minutes 60`.)
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

HERE = str(Path(__file__).resolve().parent)
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(HERE)] + [HERE]

import _load  # noqa: E402
import _server  # noqa: E402
from _bare import CLIENTS  # noqa: E402
from _http_story import HttpStory, staff_tokens  # noqa: E402
from application.app import Carepack  # noqa: E402
from application.clock import FixedClock  # noqa: E402
from application.settings import Settings  # noqa: E402
from story_saves import Story  # noqa: E402

P99_GROWTH_BUDGET = 2.0
RSS_GROWTH_BUDGET = 0.10


def _publish(settings: Settings) -> str:
    app = Carepack(settings, FixedClock(datetime.now(UTC)))
    try:
        return str(Story(app, app.clock).package)  # type: ignore[arg-type]
    finally:
        app.close()


def soak(minutes: int, minute_seconds: float, capacity_seconds: float) -> bool:
    with _server.fresh_database(prefix="soak") as url:
        settings = Settings(database_url=url, jwt_secret=_server.JWT_SECRET)
        package = _publish(settings)
        projections = ["projections", "run"]
        with (
            _server.serve(url, 1) as (port, pid),
            _server.process(projections, _server.server_env(url), "projections"),
        ):
            tokens = staff_tokens(settings)

            def clients(n: int) -> HttpStory:
                return HttpStory(port, settings, tokens, package)

            capacity = _load.drive(clients, CLIENTS, capacity_seconds, 10**9)
            pace = capacity.rate / 2
            print(f"capacity {capacity.rate:.0f} commands/s (closed loop p99 "
                  f"{capacity.percentile(0.99):.1f} ms); soaking at {pace:.0f}/s for "
                  f"{minutes} x {minute_seconds:.0f} s", flush=True)  # fmt: skip
            p99s, rss = [], []
            for minute in range(1, minutes + 1):
                result = _load.drive(clients, CLIENTS, minute_seconds, 10**9, pace=pace)
                p99s.append(result.percentile(0.99))
                rss.append(_server.rss_mb(pid))
                print(f"minute {minute} commands={result.commands} rate={result.rate:.0f}/s "
                      f"p50={result.p50:.1f}ms p99={p99s[-1]:.1f}ms rss_api={rss[-1]:.1f}MB "
                      f"errors={len(result.errors)}", flush=True)  # fmt: skip
    growth = max(p99s[1:] or p99s) / p99s[0]
    rss_growth = rss[-1] / rss[0] - 1
    ok = growth <= P99_GROWTH_BUDGET and rss_growth <= RSS_GROWTH_BUDGET
    print(f"soak p99_growth={growth:.2f}x (budget {P99_GROWTH_BUDGET}x) "
          f"rss_growth={rss_growth * 100:+.1f}% after minute 1 (budget "
          f"{RSS_GROWTH_BUDGET * 100:.0f}%) {'pass' if ok else 'FAIL'}")  # fmt: skip
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--minutes", type=int, default=10)
    parser.add_argument("--minute-seconds", type=float, default=60.0)
    parser.add_argument("--capacity-seconds", type=float, default=20.0)
    args = parser.parse_args()
    return 0 if soak(args.minutes, args.minute_seconds, args.capacity_seconds) else 1


if __name__ == "__main__":
    sys.exit(main())
