"""End to end: `carepack serve` as a real process on a fresh PostgreSQL database, over HTTP.

The seeds' story (a grandson buys his grandmother's package, redeems, gets a refund)
is driven with httpx; the dashboard, the audit chain and finance then read it back
through `after=<position>`.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import httpx
import pytest

from application.settings import Settings
from tests.api.dsl import DEPT, SECRET, Api
from tests.conftest import CreateDatabase
from tests.fixtures import OPS, OPS_TOKEN

pytestmark = pytest.mark.postgres
CAREPACK = Path(sys.executable).parent / "carepack"
STARTUP_SECONDS = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_up(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-3000:]
            raise AssertionError(f"carepack serve exited with {process.returncode}:\n{tail}")
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"carepack serve did not come up:\n{log.read_text()[-3000:]}")


@pytest.fixture
def server(create_pg_database: CreateDatabase, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(base URL, database URL) of a running `carepack serve` on a fresh database."""
    url, port = create_pg_database(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREPACK_")}
    env.update(CAREPACK_DATABASE_URL=url, CAREPACK_PORT=str(port), CAREPACK_JWT_SECRET=SECRET,
               CAREPACK_DATA_DIR=str(tmp_path), CAREPACK_OPS_TOKEN=OPS_TOKEN)  # fmt: skip
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen([str(CAREPACK), "serve"], env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process, tmp_path / "serve.log")
        yield base, url
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
    assert process.returncode == 0, (tmp_path / "serve.log").read_text()[-3000:]


def position(response: httpx.Response) -> int:
    return int(response.headers["X-Event-Position"])


def read_after(api: Api, path: str, who: str, after: int) -> Any:
    sep = "&" if "?" in path else "?"
    response = api.call("GET", f"{path}{sep}after={after}", who)
    assert int(response.headers["X-Projection-Position"]) >= after
    return response.json()


def test_given_a_served_postgres_store_when_the_story_runs_over_http_then_reads_follow(
    server: tuple[str, str],
) -> None:
    base, url = server
    with httpx.Client(base_url=base, timeout=10) as client:
        api = Api(cast(Any, client), Settings(database_url=url, jwt_secret=SECRET))
        patient_id, subscription_id = api.active()
        redemption_id = api.claim(subscription_id)
        api.post(f"/redemptions/{redemption_id}/confirm", f"proxy:{patient_id}")
        asked = api.refund(subscription_id, patient_id, {"type": "items", "items": {"escort": 1}})
        refund_id = asked["refund_id"]
        api.post(f"/refunds/{refund_id}/approve", "lead")
        paid = api.call("POST", f"/refunds/{refund_id}/payments", "mall",
                        {"provider_ref": "PAY-E2E", "status": "paid"})  # fmt: skip
        at = position(paid)

        summary = read_after(api, f"/dashboard/summary?department={DEPT}", "nurse", at)
        (department,) = summary["departments"]
        assert department["vip_patients"] == 1
        timeline = read_after(api, f"/patients/{patient_id}/timeline", "nurse", at)
        assert len(timeline["items"]) >= 5
        verified = read_after(api, "/audit/verify", "auditor", at)
        assert verified["ok"] and verified["head"]["position"] >= at
        refunds = read_after(api, "/finance/refunds?status=paid", "finance", at)
        assert [r["refund_id"] for r in refunds["items"]] == [refund_id]
        balance = read_after(api, f"/finance/subscriptions/{subscription_id}/balance",
                             "finance", at)  # fmt: skip
        assert balance["refunded"] == asked["quote"]
        assert client.get("/ready", headers=OPS).json()["ready"] is True
        assert "carepack_projection_position" in client.get("/metrics", headers=OPS).text
