"""The API serves the built console at /console/: deep links, caching, nothing outside it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from api.app import create_app
from application.settings import Settings
from tests.api.dsl import SECRET
from tests.stores import migrated_sqlite

INDEX = b"<!doctype html><title>console</title><script src=/console/assets/index-abc123.js>"


def _client(tmp_path: Path, template: Path, bundle: Path) -> Iterator[TestClient[Any]]:
    migrated_sqlite(template, tmp_path)
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'events.db'}", data_dir=tmp_path,
        jwt_secret=SECRET, console_dir=bundle, run_projections=False,
    )  # fmt: skip
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture
def console(tmp_path: Path, sqlite_template: Path) -> Iterator[TestClient[Any]]:
    bundle = tmp_path / "dist"
    (bundle / "assets").mkdir(parents=True)
    (bundle / "index.html").write_bytes(INDEX)
    (bundle / "assets" / "index-abc123.js").write_text("console.log(1)")
    (tmp_path / "secret.txt").write_text("outside the bundle")
    yield from _client(tmp_path, sqlite_template, bundle)


def test_given_the_root_then_it_redirects_to_the_console(console: TestClient[Any]) -> None:
    answer = console.get("/", follow_redirects=False)
    assert answer.status_code in (301, 302) and answer.headers["location"] == "/console/"


def test_given_a_deep_link_then_index_html_answers_and_is_revalidated(
    console: TestClient[Any],
) -> None:
    for path in ("/console/", "/console/patients/0b7c/episodes", "/console/redemptions"):
        answer = console.get(path)
        assert answer.status_code == 200 and answer.content == INDEX, path
        assert answer.headers["cache-control"] == "no-cache"
        assert answer.headers["content-type"].startswith("text/html")


def test_given_a_hashed_asset_then_it_is_immutable(console: TestClient[Any]) -> None:
    answer = console.get("/console/assets/index-abc123.js")
    assert answer.status_code == 200 and answer.text == "console.log(1)"
    assert answer.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert "javascript" in answer.headers["content-type"]


def test_given_a_missing_asset_or_a_path_outside_then_no_file_leaks(
    console: TestClient[Any],
) -> None:
    assert console.get("/console/assets/gone-000.js").status_code == 404
    for path in ("/console/../secret.txt", "/console/%2e%2e/secret.txt"):
        assert b"outside the bundle" not in console.get(path).content


def test_given_the_console_then_the_api_and_schema_are_unaffected(
    console: TestClient[Any],
) -> None:
    assert console.get("/health").status_code == 200
    document = console.get("/schema/openapi.json").json()
    assert not [path for path in document["paths"] if path == "/" or path.startswith("/console")]
    assert console.get("/api/v1/me").status_code == 401


def test_given_no_bundle_then_the_console_says_how_to_build_it(
    tmp_path: Path, sqlite_template: Path
) -> None:
    for client in _client(tmp_path, sqlite_template, tmp_path / "nowhere"):
        answer = client.get("/console/patients")
        assert answer.status_code == 503 and b"make run" in answer.content
        assert client.get("/health").status_code == 200
