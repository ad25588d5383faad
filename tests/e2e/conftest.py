"""Fixtures of the end-to-end tests: a real `carepack serve` on a fresh PostgreSQL database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.serving import serving
from tests.stores import CreateDatabase


@pytest.fixture
def server(create_pg_database: CreateDatabase, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(base URL, database URL) of a running `carepack serve` on a fresh database."""
    url = create_pg_database()
    with serving(tmp_path, database_url=url) as (base, process):
        yield base, url
    assert process.returncode == 0, (tmp_path / "serve.log").read_text()[-3000:]
