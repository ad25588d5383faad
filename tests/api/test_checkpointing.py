"""Scheduled checkpoints: the projections host signs both chains every interval."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from uuid import uuid4

from application.app import Carepack
from application.settings import Settings
from projections.audit.access_log import record_access
from projections.audit.checkpoints import EVENTS, list_checkpoints, parse_line
from projections.engine import create_read_engine
from projections.host import ProjectionsHost
from projections.migrations import upgrade
from tests.fixtures import STAFF, ctx
from tests.projections.keys import SIGNING_KEY


def _lines(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def test_given_a_signing_key_when_the_projections_run_then_both_chains_are_checkpointed_on_time(
    settings: Settings, tmp_path: Path
) -> None:
    log = tmp_path / "checkpoints.log"
    config = settings.model_copy(
        update={"audit_signing_key": SIGNING_KEY, "audit_checkpoint_log": str(log)}
    )
    upgrade(config)
    app, engine = Carepack(config), create_read_engine(config)
    try:
        app.register_patient(
            uuid4(), name="王秀英", sex="female", birth_date=date(1948, 4, 2),
            phone="13800000000", id_document_type="resident_id", id_number="110101194804021234",
            department="endocrinology", ctx=ctx(STAFF),
        )  # fmt: skip
        record_access(
            engine, actor="a", role="auditor", patient_id=None, resource="r", outcome="ok"
        )
        host = ProjectionsHost(app, engine)
        host.catch_up()
        assert host.checkpointer is not None
        assert ProjectionsHost(app, engine, ["dashboard"]).checkpointer is None
        host.checkpointer.interval = 0.05  # minutes in production
        host.start()
        deadline = time.monotonic() + 10
        while len(_lines(log)) < 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        host.stop()
        stored = list_checkpoints(engine)
    finally:
        app.close()
        engine.dispose()

    logged = [parse_line(line) for line in _lines(log)]
    assert len(logged) >= 4 and set(logged) <= set(stored)
    events = [c for c in logged if c.chain == EVENTS]
    assert len({c.created_at for c in events}) == len(events) >= 2  # one per interval
    assert {(c.position, c.count) for c in events} == {(1, 1)}  # nothing changed meanwhile


def test_given_no_signing_key_then_the_host_makes_no_checkpoints(settings: Settings) -> None:
    upgrade(settings)
    app, engine = Carepack(settings), create_read_engine(settings)
    try:
        assert ProjectionsHost(app, engine).checkpointer is None
    finally:
        app.close()
        engine.dispose()
