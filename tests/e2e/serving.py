"""A real `carepack serve` for the HTTP fault tests: its environment, start and stop."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.e2e.test_serve_postgres import free_port, wait_until_up
from tests.fixtures import JWT_SECRET, OPS_TOKEN

CAREPACK = Path(sys.executable).parent / "carepack"


def serve_env(data_dir: Path, port: int, **settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREPACK_")}
    env.update(
        CAREPACK_PORT=str(port),
        CAREPACK_JWT_SECRET=JWT_SECRET,
        CAREPACK_OPS_TOKEN=OPS_TOKEN,
        CAREPACK_DATA_DIR=str(data_dir),
        CAREPACK_RATE_LIMIT_PER_SUBJECT="0",
        CAREPACK_RATE_LIMIT_PER_IP="0",
        PYTHONUNBUFFERED="1",
    )
    env.update({f"CAREPACK_{k.upper()}": v for k, v in settings.items()})
    return env


@contextmanager
def serving(data_dir: Path, **settings: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """(base URL, process) of `carepack serve` with these settings; stopped afterwards."""
    port = free_port()
    log_path = data_dir / "serve.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(CAREPACK), "serve"], env=serve_env(data_dir, port, **settings),
            stdout=log, stderr=log,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base, process, log_path)
            yield base, process
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
