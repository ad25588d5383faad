"""Real processes for the HTTP benchmarks: throwaway databases, `carepack serve`, projections.

Everything listens on loopback only. A server's output goes to a temporary log file that
is echoed (its tail) when the server fails to come up, so a broken run says why.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
# An experiment may serve through a wrapper (e.g. one that patches a setting first).
CAREPACK = os.environ.get("BENCH_CAREPACK", str(ROOT / ".venv" / "bin" / "carepack"))
PG_ADMIN_DSN = os.environ.get("TEST_PG_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")
JWT_SECRET = "bench-secret-that-is-long-enough-for-hs256!!"


def pg_url(database: str) -> str:
    return PG_ADMIN_DSN.rsplit("/", 1)[0] + "/" + database


def _admin() -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(PG_ADMIN_DSN, autocommit=True)


def drop_database(name: str) -> None:
    with _admin() as admin:
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        admin.execute(drop.format(sql.Identifier(name)))


def database_exists(admin: psycopg.Connection[tuple[object, ...]], name: str) -> bool:
    query = "SELECT 1 FROM pg_database WHERE datname = %s"
    return admin.execute(query, (name,)).fetchone() is not None


def copy_database(admin: psycopg.Connection[tuple[object, ...]], name: str, template: str) -> None:
    """Create `name` as a copy of `template`. FILE_COPY: the files copied after a
    checkpoint, instead of the whole database written through the WAL (PostgreSQL 15's
    default; minutes for the 10M store)."""
    admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(
        sql.Identifier(name), sql.Identifier(template)))  # fmt: skip


@contextmanager
def fresh_database(template: str | None = None, prefix: str = "http") -> Iterator[str]:
    """A throwaway `carepack_t_bench_<prefix>_*` database (a copy of `template`); its URL."""
    name = f"carepack_t_bench_{prefix}_{uuid.uuid4().hex[:10]}"
    with _admin() as admin:
        if template:
            copy_database(admin, name, template)
        else:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield pg_url(name)
    finally:
        drop_database(name)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(database_url: str, port: int = 0) -> dict[str, str]:
    """Production-like settings: projections in their own process, the bench's JWT secret."""
    # The product's defaults; CAREPACK_BENCH_<NAME> sets CAREPACK_<NAME> for an experiment.
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAREPACK_")}
    # Closed-loop clients from one address and a few tokens would meet the rate limits:
    # the bench measures capacity, so they are off unless CAREPACK_BENCH_RATE_LIMIT_* says.
    env.update(CAREPACK_RATE_LIMIT_PER_SUBJECT="0", CAREPACK_RATE_LIMIT_PER_IP="0")
    prefix = "CAREPACK_BENCH_"
    env.update({"CAREPACK_" + k[len(prefix) :]: v for k, v in os.environ.items()
                if k.startswith(prefix)})  # fmt: skip
    env.update(
        CAREPACK_DATABASE_URL=database_url,
        CAREPACK_RUN_PROJECTIONS="false",
        CAREPACK_JWT_SECRET=JWT_SECRET,
        CAREPACK_HOST="127.0.0.1",
        CAREPACK_PORT=str(port),
        PYTHONUNBUFFERED="1",
    )
    return env


def _healthy(port: int) -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        conn.request("GET", "/health")
        ok = conn.getresponse().status == 200
        conn.close()
        return ok
    except OSError:
        return False


def _stop(proc: subprocess.Popen[bytes], grace: float = 10.0) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)  # uvicorn and the projections CLI stop cleanly on it
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def process(args: list[str], env: dict[str, str], name: str) -> Iterator[subprocess.Popen[bytes]]:
    """A `carepack` subprocess with its output in a temporary log; stopped afterwards."""
    with tempfile.NamedTemporaryFile(prefix=f"carepack-{name}-", suffix=".log") as log:
        proc = subprocess.Popen([CAREPACK, *args], env=env, cwd=ROOT, stdout=log, stderr=log)
        try:
            yield proc
        except BaseException:
            print(f"# {name} log tail: {_tail(Path(log.name))}", flush=True)
            raise
        finally:
            _stop(proc)


def _tail(path: Path) -> str:
    return " | ".join(path.read_text(errors="replace").splitlines()[-8:])


@contextmanager
def serve(database_url: str, workers: int = 1, timeout: float = 60.0) -> Iterator[tuple[int, int]]:
    """`carepack serve --workers N` on a free loopback port: (port, pid), once /health answers."""
    port = free_port()
    with process(
        ["serve", "--workers", str(workers)], server_env(database_url, port), "serve"
    ) as proc:
        deadline = time.monotonic() + timeout
        while not _healthy(port):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"carepack serve did not come up (exit {proc.poll()})")
            time.sleep(0.1)
        yield port, proc.pid


def rss_mb(pid: int, children: bool = True) -> float:
    """Resident memory (VmRSS) of a process and, optionally, its children, in MB."""
    pids = with_children(pid) if children else [pid]
    total_kb = 0
    for p in pids:
        for line in Path(f"/proc/{p}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total_kb += int(line.split()[1])
    return total_kb / 1024


@contextmanager
def py_spy(directory: Path | None, tag: str, pids: dict[str, int]) -> Iterator[None]:
    """Sample the named processes (and their children) with py-spy while the block runs:
    `<dir>/<name>-<tag>.txt`, collapsed stacks (one line per stack, count last)."""
    if directory is None:
        yield
        return
    directory.mkdir(parents=True, exist_ok=True)
    spy = str(ROOT / ".venv" / "bin" / "py-spy")
    procs = []
    for name, pid in pids.items():
        out = str(directory / f"{name}-{tag}.txt")
        # --gil: only the thread holding the GIL, i.e. where the CPU goes, not the waits;
        # BENCH_PYSPY_IDLE=1: every thread, waits included (where a lone request's time goes).
        mode = ["--idle"] if os.environ.get("BENCH_PYSPY_IDLE") == "1" else ["--gil"]
        args = [spy, "record", "--pid", str(pid), "--subprocesses", "--format", "raw",
                *mode, "--rate", "250", "--output", out]  # fmt: skip
        procs.append(subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    try:
        yield
    finally:
        for proc in procs:
            _stop(proc, 30)


def _ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime (children's own pids are listed)


def with_children(pid: int) -> list[int]:
    """The process and its direct children (uvicorn's workers)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [pid, *(int(p) for p in path.read_text().split())] if path.exists() else [pid]


def pg_backends(database_url: str) -> list[int]:
    name = database_url.rsplit("/", 1)[1]
    with _admin() as admin:
        rows = admin.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", (name,))
        return [int(r[0]) for r in rows]  # type: ignore[call-overload]


class CpuMeter:
    """CPU seconds used by named groups of processes between `start()` and `stop()`."""

    def __init__(self, groups: dict[str, list[int]]) -> None:
        self.groups = groups
        self.before: dict[str, dict[int, int]] = {}
        self.used: dict[str, float] = {}

    def start(self) -> None:
        self.before = {k: {p: _ticks(p) for p in v} for k, v in self.groups.items()}

    def stop(self) -> dict[str, float]:
        hz = os.sysconf("SC_CLK_TCK")
        for name, pids in self.before.items():
            self.used[name] = sum(max(0, _ticks(p) - t) for p, t in pids.items()) / hz
        return self.used

    def per(self, count: int) -> str:
        """`name=<ms per item>` for each group."""
        return (
            " ".join(f"{k}={v * 1000 / count:.1f}" for k, v in self.used.items()) if count else ""
        )
