"""Fixtures of the application tests: a world (app, clock, builders) over each store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from application.settings import Settings
from tests.application.world import World
from tests.conftest import CreateDatabase


@pytest.fixture
def world(settings: Settings) -> Iterator[World]:
    """A fresh application over the parametrised store (SQLite and PostgreSQL)."""
    w = World.over(settings)
    yield w
    w.app.close()


@pytest.fixture
def pg_world(create_pg_database: CreateDatabase, tmp_path: Path) -> Iterator[World]:
    """PostgreSQL only: one application that many threads share, as the API does."""
    settings = Settings(database_url=create_pg_database(), data_dir=tmp_path, pg_pool_size=16)
    w = World.over(settings)
    yield w
    w.app.close()
