"""Fixtures of the end-to-end tests: a real `carepack serve` on a fresh PostgreSQL database."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.dsl import SECRET
from tests.conftest import CreateDatabase
from tests.e2e.serving import CAREPACK, free_port, wait_until_up
from tests.fixtures import OPS_TOKEN


@pytest.fixture
def server(create_pg_database: CreateDatabase, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(base URL, database URL) of a running `carepack serve` on a fresh database."""
    url, port = create_pg_database(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREPACK_")}
    env.update(CAREPACK_DATABASE_URL=url, CAREPACK_PORT=str(port), CAREPACK_JWT_SECRET=SECRET,
               CAREPACK_DATA_DIR=str(tmp_path), CAREPACK_OPS_TOKEN=OPS_TOKEN)  # fmt: skip
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen([str(CAREPACK), "serve"], env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process, tmp_path / "serve.log")
        yield base, url
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
    assert process.returncode == 0, (tmp_path / "serve.log").read_text()[-3000:]
