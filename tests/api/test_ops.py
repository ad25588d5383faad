"""Operations endpoints: health, readiness with the projections' lag, Prometheus metrics."""

from __future__ import annotations

from pathlib import Path

from litestar.testing import TestClient

from api.app import create_app
from application.app import Carepack
from application.clock import FixedClock
from application.settings import Settings
from tests.api.dsl import SECRET, Api
from tests.api.readiness import ready_within
from tests.fixtures import OPS, START


def test_given_the_app_when_asked_for_health_then_it_is_up(sapi: Api) -> None:
    assert sapi.client.get("/health").json() == {"status": "ok"}


def test_given_embedded_projections_when_caught_up_then_ready(sapi: Api) -> None:
    sapi.patient()
    found = ready_within(sapi.client)
    assert found["running_here"] and found["event_store"] and found["read_models"]
    assert {p["name"] for p in found["projections"]} == {"audit", "dashboard", "finance"}
    assert all(p["position"] == p["head"] for p in found["projections"])


def test_given_requests_when_scraping_metrics_then_routes_and_projections_show(sapi: Api) -> None:
    patient_id = sapi.patient()
    sapi.get(f"/patients/{patient_id}/timeline", "nurse")
    sapi.call("GET", "/dashboard/summary", None, expect=401)
    ready_within(sapi.client)

    text = sapi.client.get("/metrics", headers=OPS).text
    assert (
        'carepack_http_requests_total{method="GET",'
        'route="/api/v1/patients/{patient_id}/timeline",status="200"} 1.0'
    ) in text
    assert 'route="/api/v1/dashboard/summary",status="401"' in text
    assert "carepack_http_request_duration_seconds_bucket" in text
    assert 'carepack_projection_position{projection="dashboard"}' in text
    assert 'carepack_projection_lag_events{projection="audit"} 0.0' in text


def test_given_projections_elsewhere_and_no_read_tables_then_not_ready(tmp_path: Path) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'events.db'}",
        data_dir=tmp_path,
        jwt_secret=SECRET,
        run_projections=False,
    )
    carepack = Carepack(settings, FixedClock(START))
    try:
        with TestClient(create_app(settings, carepack=carepack)) as client:
            response = client.get("/ready", headers=OPS)
            assert client.app.state.projections is None
    finally:
        carepack.close()
    assert response.status_code == 503
    body = response.json()
    assert not body["ready"] and body["event_store"] and not body["running_here"]
