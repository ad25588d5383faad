"""API fixtures: a Litestar test client over a fresh store, and the `api` language.

`api` runs on SQLite and PostgreSQL (the story); `sapi` on SQLite only (the matrix).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from api.app import create_app
from application.app import Carepack
from application.clock import FixedClock
from application.settings import Settings
from projections.migrations import upgrade
from tests.api.dsl import SECRET, Api
from tests.conftest import migrated_sqlite
from tests.fixtures import START


@contextmanager
def running(settings: Settings) -> Iterator[Api]:
    settings = settings.model_copy(update={"jwt_secret": SECRET})
    carepack = Carepack(settings, FixedClock(START))
    upgrade(settings)
    app = create_app(settings, carepack=carepack)
    client: TestClient[Any]
    try:
        with TestClient(app) as client:
            yield Api(client, settings)
    finally:
        carepack.close()


@pytest.fixture
def api(settings: Settings) -> Iterator[Api]:
    with running(settings) as world:
        yield world


@pytest.fixture
def sapi(tmp_path: Path, sqlite_template: Path) -> Iterator[Api]:
    migrated_sqlite(sqlite_template, tmp_path)
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'events.db'}", data_dir=tmp_path)
    with running(settings) as world:
        yield world
