"""A real `carepack serve` for the HTTP fault tests: its environment, start and stop."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from api.auth import mint_token
from application.settings import Settings
from tests.api.dsl import PATIENT as PATIENT
from tests.api.dsl import Api
from tests.fixtures import JWT_SECRET, OPS_TOKEN

CAREPACK = Path(sys.executable).parent / "carepack"
STARTUP_SECONDS = 60
# A service-staff token for the raw HTTP clients of the fault tests (PATIENT: what they post).
STAFF = mint_token(Settings(jwt_secret=JWT_SECRET), "staff-zhao", ["service_staff"], ["endo"])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_up(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-3000:]
            raise AssertionError(f"carepack serve exited with {process.returncode}:\n{tail}")
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"carepack serve did not come up:\n{log.read_text()[-3000:]}")


def position(response: httpx.Response) -> int:
    return int(response.headers["X-Event-Position"])


def read_after(api: Api, path: str, who: str, after: int) -> Any:
    sep = "&" if "?" in path else "?"
    response = api.call("GET", f"{path}{sep}after={after}", who)
    assert int(response.headers["X-Projection-Position"]) >= after
    return response.json()


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
