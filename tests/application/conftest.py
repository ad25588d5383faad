"""Fixtures of the application tests: a clinic (app, clock, builders) over each store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from application.settings import Settings
from tests.clinic import Clinic
from tests.stores import CreateDatabase


@pytest.fixture
def clinic(settings: Settings) -> Iterator[Clinic]:
    """A fresh application over the parametrised store (SQLite and PostgreSQL)."""
    w = Clinic.over(settings)
    yield w
    w.app.close()


@pytest.fixture
def pg_clinic(create_pg_database: CreateDatabase, tmp_path: Path) -> Iterator[Clinic]:
    """PostgreSQL only: one application that many threads share, as the API does."""
    settings = Settings(database_url=create_pg_database(), data_dir=tmp_path, pg_pool_size=16)
    w = Clinic.over(settings)
    yield w
    w.app.close()
