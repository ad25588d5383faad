"""API fixtures: a Litestar test client over a fresh store, and the `api` language.

`api` runs on SQLite and PostgreSQL (the story); `sapi` on SQLite only (the matrix).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from application.settings import Settings
from tests.api.dsl import Api, running
from tests.stores import migrated_sqlite


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
