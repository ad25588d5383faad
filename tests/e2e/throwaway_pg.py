"""A PostgreSQL 15 cluster of its own for tests that stop and restart the server.

Never the shared server at 127.0.0.1:5432: other engineers and CI use it. The cluster
lives in a temporary directory, listens on a free loopback port (and a socket in that
directory), and is started, restarted and stopped with pg_ctl (as `postgres` when run as
root: initdb refuses root).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from tests.e2e.serving import free_port

BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


class Cluster:
    def __init__(self, directory: Path, port: int) -> None:
        self.directory, self.port = directory, port
        self.data = directory / "data"

    def _run(self, *args: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *args], check=True, capture_output=True, timeout=60)

    def _ctl(self, *args: str) -> None:
        options = (f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c max_connections=200")  # fmt: skip
        self._run(str(BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.directory / "log"),
                  "-o", options, "-w", *args)  # fmt: skip

    def start(self) -> None:
        self._ctl("start")

    def restart(self) -> None:
        """Stop (fast: sessions cut) and start again; returns once it accepts connections."""
        self._ctl("-m", "fast", "restart")

    def stop(self) -> None:
        self._ctl("-m", "fast", "stop")

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        with psycopg.connect(self.url("postgres"), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@contextmanager
def throwaway_cluster() -> Iterator[Cluster]:
    if not (BIN / "initdb").exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"no PostgreSQL binaries in {BIN}")
        pytest.skip(f"no PostgreSQL binaries in {BIN}")
    directory = Path(tempfile.mkdtemp(prefix="carepack-pg-"))
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres")
    cluster = Cluster(directory, free_port())
    try:
        cluster._run(str(BIN / "initdb"), "-D", str(cluster.data), "-A", "trust",
                     "-U", "postgres", "--no-sync")  # fmt: skip
        cluster.start()
        try:
            yield cluster
        finally:
            cluster.stop()
    finally:
        shutil.rmtree(directory, ignore_errors=True)
