"""Benchmark: the cost of audit checkpoints, SQLite and PostgreSQL.

Prints one line per figure:
- checkpoint_make_<store>: signing both chains' heads over N audit entries, ms (best of 3;
  counting the entries is most of it), made every CAREPACK_AUDIT_CHECKPOINT_MINUTES;
- checkpoint_verify: Ed25519 signature checks per second (what `audit verify` adds per
  checkpoint; the chain walk itself is `audit_verify_<store>` in bench/projections.py).
The entries are synthetic (only their count and head matter here).
Run: `.venv/bin/python bench/audit_checkpoints.py [--events N] [--store sqlite|postgres|both]`.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy import Engine, text

# Run as a script, bench/ leads sys.path and bench/projections.py would shadow the package.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE] + [str(_HERE)]
import _server  # noqa: E402
from application.audit_keys import generate_key_pair, load_public_keys  # noqa: E402
from application.settings import Settings  # noqa: E402
from projections.audit.checkpoints import EVENTS, Signer, create_checkpoints, signature_problem  # noqa: E402
from projections.engine import create_read_engine  # noqa: E402
from projections.migrations import upgrade  # noqa: E402

FILL = {
    "postgresql": "INSERT INTO audit_entries SELECT g, 'o', 1, 'A', 'E', 't', NULL, NULL, NULL,"
    " NULL, NULL, 's', md5(g::text) || md5(g::text) FROM generate_series(1, :n) g",
    "sqlite": "WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < :n) "
    "INSERT INTO audit_entries SELECT n, 'o', 1, 'A', 'E', 't', NULL, NULL, NULL, NULL, NULL,"
    " 's', printf('%064d', n) FROM g",
}


def _make(engine: Engine, events: int, signer: Signer) -> float:
    with engine.begin() as conn:
        conn.execute(text(FILL[engine.dialect.name]), {"n": events})
        if engine.dialect.name == "postgresql":
            conn.execute(text("ANALYZE audit_entries"))
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        create_checkpoints(engine, signer)
        best = min(best, time.perf_counter() - started)
    return best * 1000


def run_store(store: str, events: int, signer: Signer) -> None:
    if store == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="carepack-bench-cp-"))
        settings = Settings(database_url=f"sqlite:///{folder / 'events.db'}", data_dir=folder)
        name = None
    else:
        name = f"carepack_t_benchcp_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(_server.PG_ADMIN_DSN, autocommit=True) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        settings = Settings(database_url=_server.pg_url(name))
    upgrade(settings)
    engine = create_read_engine(settings)
    try:
        ms = _make(engine, events, signer)
        print(f"checkpoint_make_{store} {ms:.1f} ms entries={events}", flush=True)
    finally:
        engine.dispose()
        if name is not None:
            with psycopg.connect(_server.PG_ADMIN_DSN, autocommit=True) as admin:
                admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


def verify_rate(signer: Signer, public: str, n: int = 5000) -> float:
    keys = load_public_keys(public)
    now = datetime.now(UTC)
    made = [signer.sign(EVENTS, i, "ab" * 32, i, now) for i in range(1, n + 1)]
    started = time.perf_counter()
    assert all(signature_problem(c, keys) is None for c in made)
    return n / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--store", choices=("sqlite", "postgres", "both"), default="both")
    args = parser.parse_args(argv)
    signing, public = generate_key_pair()
    signer = Signer(signing)
    for store in ("sqlite", "postgres") if args.store == "both" else (args.store,):
        run_store(store, args.events, signer)
    print(f"checkpoint_verify {verify_rate(signer, public):,.0f} signatures/s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
