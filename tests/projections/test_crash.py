"""A projection process killed in the middle of a batch resumes without loss or double counts."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import Engine

from application.settings import Settings
from projections.rebuild import rebuild
from projections.runner import Runner
from projections.tracking import current_position
from tests.projections.toy import Account, BalanceProjector, ToyApp, balances, seed

ROOT = Path(__file__).resolve().parents[2]


def _worker(settings: Settings, delay: float) -> subprocess.Popen[bytes]:
    url = settings.event_store_url()
    args = [sys.executable, "-m", "tests.projections.crash_worker"]
    return subprocess.Popen([*args, url, str(settings.data_dir), str(delay), "20"], cwd=ROOT)


def _state(engine: Engine) -> list[tuple[str, int, int, int]]:
    with engine.connect() as conn:
        return [tuple(row) for row in balances(conn)]


def test_given_a_worker_killed_mid_batch_when_rerun_then_it_equals_a_clean_rebuild(
    app: ToyApp, engine: Engine, settings: Settings
) -> None:
    ids = seed(app, accounts=4, deposits=20)  # 88 events
    slow = _worker(settings, delay=0.02)  # ~0.4 s per batch of 20
    deadline = time.monotonic() + 30
    while current_position(engine, BalanceProjector.name) == 0:
        assert time.monotonic() < deadline and slow.poll() is None
        time.sleep(0.01)
    time.sleep(0.15)  # into the second batch, with its updates written but not committed
    slow.send_signal(signal.SIGKILL)
    assert slow.wait(timeout=10) == -signal.SIGKILL
    killed_at = current_position(engine, BalanceProjector.name)

    assert _worker(settings, delay=0).wait(timeout=60) == 0

    assert 0 < killed_at < 88
    expected = []
    for account_id in ids:
        account: Account = app.repository.get(account_id)
        expected.append((str(account.id), account.balance, account.deposits))
    resumed = _state(engine)
    assert [row[:3] for row in resumed] == sorted(expected)
    rebuild(Runner(app, engine, BalanceProjector()))
    assert _state(engine) == resumed
