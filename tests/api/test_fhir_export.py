"""Every resource the FHIR layer produces is valid R5 with its codes in their value sets:
the whole demo hospital through the bulk export, and hypothesis-generated histories with
edge-case text in every field (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from sqlalchemy import Engine, select

from api.fhir.export import ExportRequest, export
from api.fhir.http import KINDS
from application.app import Carepack
from application.clock import FixedClock
from application.settings import Settings
from demo.seed import seed_demo
from projections.dashboard.tables import dash_episodes
from projections.engine import create_read_engine
from projections.host import ProjectionsHost
from projections.migrations import upgrade
from projections.schema import access_log
from tests.api.fhir_checks import check_resource, loads
from tests.fixtures import START
from tests.projections.edge_story import tell, texts

TODAY = date(2026, 11, 23)
EXAMPLES = 5


def _world(settings: Settings) -> tuple[Carepack, Engine]:
    upgrade(settings)
    return Carepack(settings, FixedClock(START)), create_read_engine(settings)


def _lines(folder: Path, kind: str) -> list[dict[str, Any]]:
    text = (folder / f"{kind}.ndjson").read_bytes()
    return [loads(line) for line in text.splitlines()]


def _check_export(app: Carepack, engine: Engine, folder: Path) -> dict[str, list[dict[str, Any]]]:
    manifest = export(app, engine, ExportRequest(folder, operator="cli:test"))
    found = {}
    for output in manifest["output"]:
        resources = _lines(folder, output["type"])
        assert len(resources) == output["count"]
        assert len({r["id"] for r in resources}) == len(resources), output["type"]
        for resource in resources:
            assert resource["resourceType"] == output["type"]
            check_resource(resource)
        found[output["type"]] = resources
    assert json.loads((folder / "manifest.json").read_text()) == manifest
    return found


def test_given_the_demo_hospital_then_its_bulk_export_validates_completely(
    settings: Settings, tmp_path: Path
) -> None:
    app, engine = _world(settings)
    try:
        report = seed_demo(app, patients=25, today=TODAY)
        ProjectionsHost(app, engine).catch_up()
        found = _check_export(app, engine, tmp_path / "all")
        assert {k.source.resource_type for k in KINDS} == set(found)
        assert all(found[kind] for kind in found), {k: len(v) for k, v in found.items()}
        assert len(found["Patient"]) == report.patients
        statuses = {e["status"] for e in found["EpisodeOfCare"]}
        assert {"active", "finished", "cancelled"} <= statuses
        with engine.connect() as conn:
            logged = set(conn.scalars(select(access_log.c.patient_id).where(
                access_log.c.actor == "cli:test")))  # fmt: skip
            oncology = set(conn.scalars(select(dash_episodes.c.episode_id).where(
                dash_episodes.c.department == "oncology")))  # fmt: skip
        assert {p["id"] for p in found["Patient"]} <= logged  # every patient exported is logged
        one = _check_export_department(app, engine, tmp_path / "oncology")
        assert {e["id"] for e in one} == oncology
    finally:
        engine.dispose()
        app.close()


def _check_export_department(app: Carepack, engine: Engine, folder: Path) -> list[dict[str, Any]]:
    manifest = export(app, engine, ExportRequest(folder, department="oncology", operator="t"))
    assert "AuditEvent" not in {o["type"] for o in manifest["output"]}
    for output in manifest["output"]:
        for resource in _lines(folder, output["type"]):
            check_resource(resource)
    return _lines(folder, "EpisodeOfCare")


def test_given_any_history_the_domain_accepts_then_every_resource_validates(
    settings: Settings, tmp_path: Path
) -> None:
    app, engine = _world(settings)
    host = ProjectionsHost(app, engine)
    runs = iter(range(10_000))

    @hsettings(max_examples=EXAMPLES, deadline=None, database=None,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                      HealthCheck.function_scoped_fixture])  # fmt: skip
    @given(t=texts())
    def story(t: dict[str, str]) -> None:
        tell(app, t)
        host.catch_up()
        _check_export(app, engine, tmp_path / str(next(runs)))

    try:
        story()
    finally:
        engine.dispose()
        app.close()
