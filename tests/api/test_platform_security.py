"""Platform protections over HTTP: rate limits per subject and per address (429 problems
with Retry-After), security headers on every answer, /metrics and /ready's detail behind
the ops token while /health stays open."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api import rate_limits
from application.settings import Settings
from tests.api.dsl import Api, is_problem, running
from tests.fixtures import OPS


def _settings(tmp_path: Path, **changes: Any) -> Settings:
    return Settings(database_url=f"sqlite:///{tmp_path / 'events.db'}", data_dir=tmp_path,
                    **changes)  # fmt: skip


@pytest.fixture
def limited(tmp_path: Path) -> Iterator[Api]:
    with running(_settings(tmp_path, rate_limit_per_subject=5, rate_limit_per_ip=0)) as api:
        yield api


def test_given_a_subject_over_its_limit_then_429_with_retry_after_and_others_unaffected(
    limited: Api,
) -> None:
    for _ in range(5):
        ok = limited.call("GET", "/packages", "nurse")
        assert ok.headers["ratelimit-limit"] == "5"
    refused = limited.call("GET", "/packages", "nurse", expect=0, **{"X-Correlation-Id": "c-1"})
    body = is_problem(refused, 429, "rate_limited")
    assert 1 <= int(refused.headers["retry-after"]) <= 60 and "Retry-After" in body["detail"]
    assert refused.headers["x-correlation-id"] == "c-1"  # answered inside the middleware
    assert refused.headers["cache-control"] == "no-store"
    limited.call("GET", "/packages", "doctor")  # another subject has its own count
    scraped = limited.client.get("/metrics", headers=OPS).text
    assert 'route="/api/v1/packages",status="429"} 1.0' in scraped


def test_given_an_address_over_its_limit_then_429_even_without_a_token(tmp_path: Path) -> None:
    with running(_settings(tmp_path, rate_limit_per_ip=5, rate_limit_per_subject=0)) as api:
        for _ in range(5):
            is_problem(api.call("GET", "/packages", None, expect=0), 401, "unauthenticated")
        is_problem(api.call("GET", "/packages", "nurse", expect=0), 429, "rate_limited")
        for _ in range(20):  # liveness is never limited
            assert api.client.get("/health").status_code == 200


def test_given_the_defaults_then_limits_are_on_and_generous(tmp_path: Path) -> None:
    defaults = _settings(tmp_path)
    assert defaults.rate_limit_per_subject >= 600 and defaults.rate_limit_per_ip >= 3000
    with running(defaults) as api:
        for _ in range(300):  # a busy console's minute, from one person, is far below
            assert api.client.get("/api/v1/packages", headers=api.headers("nurse")).is_success


def test_given_any_answer_then_nosniff_and_api_answers_are_not_stored(sapi: Api) -> None:
    api_answers = [
        sapi.call("GET", "/packages", "nurse"),
        sapi.call("GET", "/packages", None, expect=401),
        sapi.call("POST", "/packages", "finance", {}, expect=403),
        sapi.call("GET", "/nothing-here", "nurse", expect=404),
        sapi.call("POST", "/packages", "nurse", {"code": 3}, expect=422),
    ]
    for answer in api_answers:
        assert answer.headers["cache-control"] == "no-store", answer.request.url
        assert answer.headers["x-content-type-options"] == "nosniff"
    for path in ("/health", "/schema/openapi.json", "/nowhere"):
        answer = sapi.client.get(path)
        assert answer.headers["x-content-type-options"] == "nosniff", path
        assert "strict-transport-security" not in answer.headers


def test_given_the_service_behind_tls_then_every_answer_carries_hsts(tmp_path: Path) -> None:
    with running(_settings(tmp_path, behind_tls=True)) as api:
        for answer in (api.client.get("/health"), api.call("GET", "/packages", "nurse")):
            assert answer.headers["strict-transport-security"] == "max-age=31536000"


def test_given_no_ops_token_then_metrics_refuse_and_ready_says_one_word(sapi: Api) -> None:
    staff_jwt = sapi.headers("admin")
    for headers in ({}, staff_jwt, {"Authorization": "Bearer not-the-ops-token"}):
        is_problem(sapi.client.get("/metrics", headers=headers), 401, "unauthenticated")
        brief = sapi.client.get("/ready", headers=headers)
        assert brief.json() == {"status": "ready" if brief.status_code == 200 else "unavailable"}
    assert sapi.client.get("/health").json() == {"status": "ok"}
    detail = sapi.client.get("/ready", headers=OPS).json()
    assert {"event_store", "read_models", "projections"} <= set(detail)
    assert "carepack_http_requests_total" in sapi.client.get("/metrics", headers=OPS).text


def test_given_the_ops_token_unset_then_nothing_opens_metrics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CAREPACK_OPS_TOKEN")
    with running(_settings(tmp_path)) as api:
        assert api.settings.ops_token is None
        for headers in ({}, OPS, api.headers("admin")):
            is_problem(api.client.get("/metrics", headers=headers), 401, "unauthenticated")
            assert set(api.client.get("/ready", headers=headers).json()) == {"status"}


def test_given_a_short_ops_token_then_the_settings_refuse_it_without_echoing_it() -> None:
    with pytest.raises(ValueError, match="at least 32") as refused:
        Settings(ops_token="too-short-a-token")
    assert "too-short-a-token" not in str(refused.value)


def test_given_many_addresses_then_expired_counts_are_swept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Litestar's memory store drops an expired count only when it is read again: an
    address seen once would stay forever without the sweep."""
    monkeypatch.setattr(rate_limits, "_SWEEP_EVERY", 3)
    with running(_settings(tmp_path)) as api:
        store = api.client.app.stores.get("rate_limit_ip")
        with api.client.portal() as portal:
            portal.call(store.set, "RateLimitMiddleware::10.0.0.9", b"{}", 1)
        time.sleep(1.1)
        assert "RateLimitMiddleware::10.0.0.9" in store  # expired, still held
        for _ in range(3):
            api.call("GET", "/packages", "nurse")
        assert "RateLimitMiddleware::10.0.0.9" not in store
