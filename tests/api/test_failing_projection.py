"""A projection stuck on an event reports itself — embedded in the API and in `carepack
projections run` — by position and event type only, and the others carry on."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from typer.testing import CliRunner

from api.cli import ops as cli_ops
from api.cli.main import cli
from application.app import Carepack
from application.settings import Settings
from domain.context import Actor, Ctx
from projections import host as projections_host
from projections import registry
from tests.api import dsl
from tests.api.dsl import SECRET, Api, running
from tests.api.failing_dashboard import BAD_NAME, INJECTED, BreaksOnName
from tests.api.failing_dashboard import SECRET as SECRET_SQL
from tests.api.readiness import ready_within
from tests.expect import until
from tests.fixtures import OPS

ROOT = Path(__file__).resolve().parents[2]
PATIENT = {**dsl.PATIENT, "name": BAD_NAME}
LEAKS = (SECRET_SQL, "INSERT", BAD_NAME, "RuntimeError", "110101194804021234")


@pytest.fixture
def injected(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(registry, "PROJECTORS", INJECTED)
    monkeypatch.setattr(BreaksOnName, "broken", True)
    yield


def _failing_ready(api: Api) -> Any:
    """/ready once the dashboard is stuck and the other projections have caught up."""
    response = api.client.get("/ready", headers=OPS)
    found = {p["name"]: p for p in response.json()["projections"]}
    others = all(p["position"] == p["head"] for n, p in found.items() if n != "dashboard")
    stuck = response.status_code == 503 and found["dashboard"]["failing"] and others
    return stuck and (response.text, response.json())


def test_given_an_embedded_projection_stuck_on_an_event_then_ready_and_metrics_name_it_only(
    settings: Settings, injected: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = settings.model_copy(update={"projection_retry_max_seconds": 0.2})
    with running(config) as api:
        bad = int(api.call("POST", "/patients", "staff", PATIENT, 201).headers["x-event-position"])
        api.patient()  # more events after the bad one
        text, ready = until(lambda: _failing_ready(api), seconds=20, every=0.1)
        metrics = api.client.get("/metrics", headers=OPS).text

        by_name = {p["name"]: p for p in ready["projections"]}
        assert [n for n, p in by_name.items() if p["failing"]] == ["dashboard"]
        assert by_name["dashboard"]["position"] == bad - 1
        assert all(by_name[n]["position"] == by_name[n]["head"] for n in ("audit", "finance"))
        assert 'carepack_projection_failing{projection="dashboard"} 1.0' in metrics
        assert 'carepack_projection_failing{projection="audit"} 0.0' in metrics
        assert (
            'carepack_projection_failing_position{event_type="Patient.Registered",'
            f'projection="dashboard"}} {float(bad)}'
        ) in metrics
        assert not [leak for leak in LEAKS if leak in text or leak in metrics]

        monkeypatch.setattr(BreaksOnName, "broken", False)  # the handler is fixed
        ready_within(api.client, seconds=20)
        assert (
            'carepack_projection_failing{projection="dashboard"} 0.0'
            in api.client.get("/metrics", headers=OPS).text
        )


def _store_with_a_bad_event(config: Settings) -> int:
    """The bad patient's registration, then a good one; the bad event's position."""
    app = Carepack(config)
    try:
        ctx = Ctx(Actor("nurse-li", "nurse"), "seed")
        given = {**PATIENT, "birth_date": date(1948, 4, 2), "department": "endocrinology"}
        done = app.register_patient(uuid4(), ctx=ctx, **given)
        app.register_patient(uuid4(), ctx=ctx, **{**given, "name": "王秀英"})
        return int(done.position or 0)
    finally:
        app.close()


def test_given_projections_run_stuck_on_an_event_then_status_metrics_and_ready_report_it(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # rich fits the table to the terminal, fixed when the console was made if COLUMNS was
    # set then (as it is under pytest-xdist's workers): make it wide enough either way.
    monkeypatch.setattr(cli_ops.out, "_width", 200)
    env = {
        "CAREPACK_DATABASE_URL": settings.event_store_url(),
        "CAREPACK_DATA_DIR": str(settings.data_dir),
        "CAREPACK_JWT_SECRET": SECRET,
        "CAREPACK_PROJECTION_RETRY_MAX_SECONDS": "0.2",
        "CAREPACK_PROJECTIONS_NICE": "7",
    }
    bad = _store_with_a_bad_event(settings)
    log = (tmp_path / "projections.log").open("wb")
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.api.failing_dashboard"],
        cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        found = until(lambda: _stuck(env), seconds=60, every=0.1)
        niceness = os.getpriority(os.PRIO_PROCESS, worker.pid)
        wide = {**env, "COLUMNS": "200"}  # rich fits the table to the terminal
        table = CliRunner().invoke(cli, ["projections", "status"], env=wide).stdout
        remote = settings.model_copy(update={"run_projections": False, "jwt_secret": SECRET})
        with running(remote) as api:
            ready, metrics = (
                api.client.get("/ready", headers=OPS),
                api.client.get("/metrics", headers=OPS).text,
            )
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(30)
        log.close()

    assert niceness == min(19, os.getpriority(os.PRIO_PROCESS, 0) + 7)  # background priority
    failing = found["dashboard"]["failing"]
    assert (failing["position"], failing["event_type"]) == (bad, "Patient.Registered")
    assert found["dashboard"]["position"] == bad - 1 and found["audit"]["lag"] == 0
    assert f"at {bad} (Patient.Registered)" in table
    assert ready.status_code == 503
    assert [p["name"] for p in ready.json()["projections"] if p["failing"]] == ["dashboard"]
    assert 'carepack_projection_failing{projection="dashboard"} 1.0' in metrics
    reports = table + ready.text + metrics + json.dumps(found)
    assert not [leak for leak in LEAKS if leak in reports]
    assert SECRET_SQL in (tmp_path / "projections.log").read_text()  # the server log has it


def _stuck(env: dict[str, str]) -> dict[str, Any] | None:
    result = CliRunner().invoke(cli, ["projections", "status", "--json"], env=env)
    if result.exit_code != 0:
        return None
    found = {s["name"]: s for s in json.loads(result.stdout)}
    stuck = found.get("dashboard", {}).get("failing")
    return found if stuck and stuck["attempts"] >= 2 else None


class _DropsOnce:
    """A runner whose follow loop fails once (say its LISTEN connection died), then runs."""

    name = "dashboard"

    def __init__(self) -> None:
        self.calls = 0

    def run_forever(self, stop: Any) -> None:
        self.calls += 1
        if self.calls == 1:
            raise ConnectionError("server closed the connection unexpectedly")
        stop.wait()


def test_given_a_projection_thread_that_failed_once_then_it_is_failing_only_until_it_restarts(
    sapi: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(projections_host, "_RETRY_AFTER_ERROR", 0.3)
    host = projections_host.ProjectionsHost(sapi.client.app.state.carepack, _engine(sapi))
    runner = _DropsOnce()
    host.workers = {"dashboard": projections_host.Worker(runner)}  # type: ignore[arg-type]
    host.start()
    try:
        assert until(lambda: host.errors(), seconds=5, every=0.1) == {
            "dashboard": "ConnectionError"
        }
        until(lambda: runner.calls == 2 and not host.errors(), seconds=5, every=0.1)
    finally:
        host.stop()


def _engine(api: Api) -> Any:
    return api.client.app.state.read_engine
