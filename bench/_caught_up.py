"""A cached PostgreSQL template: bench/seed.py's seeded store with every projection caught up.

Catching 1,000,000 events up takes minutes, so the result is kept as the template
`carepack_t_benchq_<events>_v<seed version>_<schema>`; each run copies it. `<schema>`
hashes the alembic revisions' file names: a new read-model migration makes a new cache. Changes to
projection logic without a migration do not (query timings barely depend on them); pass
`--fresh` to rebuild.
"""

from __future__ import annotations

import hashlib
import time

import psycopg
from psycopg import sql

import _server
import seed
from application.app import Carepack
from application.settings import Settings
from projections.engine import create_read_engine
from projections.migrations import upgrade
from projections.registry import build_runners


def _schema_tag() -> str:
    names = sorted(p.name for p in (_server.ROOT / "alembic" / "versions").glob("*.py"))
    return hashlib.sha1("\n".join(names).encode()).hexdigest()[:8]


def catch_up(settings: Settings) -> tuple[int, float]:
    """Every projection from its position to the head, in this process: (events, seconds)."""
    upgrade(settings)
    app, engine = Carepack(settings), create_read_engine(settings)
    started, applied = time.perf_counter(), 0
    try:
        for runner in build_runners(app, engine):
            applied += runner.catch_up()
    finally:
        app.close()
        engine.dispose()
    return applied, time.perf_counter() - started


def template_name(events: int) -> str:
    return f"carepack_t_benchq_{events}_v{seed.VERSION}_{_schema_tag()}"


def caught_up_template(events: int, fresh: bool = False) -> tuple[str, str | None]:
    """The template's name (built now if missing) and a comment line when it was built."""
    name = template_name(events)
    with _server._admin() as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists and not fresh:
            return name, None
        source, _ = seed.cached_postgres(events)
        partial = name + "_partial"
        for stale in (name, partial):
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(stale)))  # fmt: skip
        admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(partial), sql.Identifier(source)))  # fmt: skip
        applied, seconds = catch_up(Settings(database_url=_server.pg_url(partial)))
        with psycopg.connect(_server.pg_url(partial), autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")  # visibility map, statistics: as autovacuum keeps
        admin.execute(sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
            sql.Identifier(partial), sql.Identifier(name)))  # fmt: skip
    return name, f"# caught up {applied} projected events in {seconds:.0f}s into {name}"
