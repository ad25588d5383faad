"""A served process freezes its startup heap (api/heap.py); an app built in tests does not."""

from __future__ import annotations

import gc
from pathlib import Path

from litestar.testing import TestClient

from api.app import create_app
from api.cli.support import served
from application.settings import Settings
from tests.api.dsl import SECRET


def _settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, jwt_secret=SECRET, run_projections=False)


def test_given_a_served_app_when_it_starts_then_its_startup_heap_is_frozen(
    tmp_path: Path,
) -> None:
    gc.unfreeze()
    try:
        with TestClient(served(create_app(_settings(tmp_path)))) as client:
            assert client.get("/health").status_code == 200
            assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()  # the test process lives on: let its objects be collected again


def test_given_an_app_built_without_serving_when_it_starts_then_nothing_is_frozen(
    tmp_path: Path,
) -> None:
    gc.unfreeze()
    with TestClient(create_app(_settings(tmp_path))) as client:
        assert client.get("/health").status_code == 200
        assert gc.get_freeze_count() == 0
