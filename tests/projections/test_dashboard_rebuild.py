"""The dashboard is idempotent and rebuildable: event by event equals a rebuild from zero."""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from sqlalchemy import Engine

from application.settings import Settings
from projections.dashboard.projector import DashboardProjector
from projections.dashboard.queries import summary
from projections.dashboard.tables import TABLES
from projections.engine import create_read_engine
from projections.rebuild import rebuild
from projections.runner import Runner
from projections.schema import projection_failures, projection_positions
from tests.clinic import Clinic
from tests.projections.dashboard_world import (
    project,
    read_engine,
    small_hospital,
    snapshot,
)
from tests.projections.random_hospital import RandomHospital, steps
from tests.projections.summary_by_rows import summary_by_rows


def _rebuilt(clinic: Clinic, engine: Engine) -> dict[str, set[tuple[Any, ...]]]:
    rebuild(Runner(clinic.app, engine, DashboardProjector(), batch_size=10_000))
    return snapshot(engine)


def test_given_a_hospital_when_projected_one_by_one_then_a_rebuild_gives_the_same_rows(
    settings: Settings,
) -> None:
    clinic, engine = Clinic.over(settings), read_engine(settings)
    try:
        small_hospital(clinic)
        project(clinic, engine, batch_size=1)
        incremental = snapshot(engine)

        assert [t.name for t in TABLES if not incremental[t.name]] == []  # all are exercised
        assert _rebuilt(clinic, engine) == incremental
    finally:
        clinic.app.close()
        engine.dispose()


def test_given_applied_events_when_applied_again_then_no_row_changes(settings: Settings) -> None:
    clinic, engine = Clinic.over(settings), read_engine(settings)
    try:
        small_hospital(clinic)
        project(clinic, engine)
        before = snapshot(engine)
        projector = DashboardProjector()
        notifications = clinic.app.recorder.select_notifications(start=1, limit=10_000)
        with engine.begin() as conn:
            for n in notifications:
                projector.apply(conn, n.id, clinic.app.mapper.to_domain_event(n))

        assert snapshot(engine) == before
    finally:
        clinic.app.close()
        engine.dispose()


# --- random hospitals (SQLite only: a fresh store per example) -------------------------


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=steps)
def test_given_random_histories_when_projected_one_by_one_then_a_rebuild_agrees(
    steps: list[tuple[str, int, int]],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings_ = Settings(database_url=f"sqlite:///{tmp}/events.db", data_dir=Path(tmp))
        hospital = RandomHospital(settings_)
        for k in range(3):  # some material for the random steps to work on
            hospital.do_patient(k, k)
            hospital.do_episode(k, k)
            hospital.do_buy(k, k)
        engine = create_read_engine(settings_)
        try:
            for table in (projection_positions, projection_failures, *TABLES):
                table.create(engine)
            for op, i, j in steps:
                hospital.step(op, i, j)
                project(hospital.clinic, engine, batch_size=1)
            incremental = snapshot(engine)
            event(f"tables filled: {sum(bool(rows) for rows in incremental.values()) // 4 * 4}+")
            assert _rebuilt(hospital.clinic, engine) == incremental
            today = hospital.clinic.today
            for day in (today, today + timedelta(days=20)):
                assert summary(engine, None, day) == summary_by_rows(engine, None, day)
        finally:
            hospital.clinic.close()
            engine.dispose()
