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


def catch_up(settings: Settings) -> list[tuple[str, int, float]]:
    """Every projection from its position to the head, one after the other, in this
    process: (projection, events applied, seconds) each."""
    upgrade(settings)
    app, engine = Carepack(settings), create_read_engine(settings)
    timings = []
    try:
        for runner in build_runners(app, engine):
            started = time.perf_counter()
            applied = runner.catch_up()
            timings.append((runner.projector.name, applied, time.perf_counter() - started))
    finally:
        app.close()
        engine.dispose()
    return timings


def template_name(events: int) -> str:
    return f"carepack_t_benchq_{events}_v{seed.VERSION}_{_schema_tag()}"


def caught_up_template(events: int, fresh: bool = False) -> tuple[str, str | None]:
    """The template's name (built now if missing) and a comment line when it was built."""
    name, timings = build_caught_up(events, fresh)
    if timings is None:
        return name, None
    applied, seconds = sum(t[1] for t in timings), sum(t[2] for t in timings)
    return name, f"# caught up {applied} projected events in {seconds:.0f}s into {name}"


def build_caught_up(
    events: int, fresh: bool = False
) -> tuple[str, list[tuple[str, int, float]] | None]:
    """The template's name, and each projection's catch-up timing if it was built now
    (None when the cached template was reused)."""
    name = template_name(events)
    with _server._admin() as admin:
        if _server.database_exists(admin, name) and not fresh:
            return name, None
        source, _ = seed.cached_postgres(events)
        partial = name + "_partial"
        for stale in (name, partial):
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(stale)))  # fmt: skip
        _server.copy_database(admin, partial, source)
        timings = catch_up(Settings(database_url=_server.pg_url(partial)))
        with psycopg.connect(_server.pg_url(partial), autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")  # visibility map, statistics: as autovacuum keeps
        admin.execute(sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
            sql.Identifier(partial), sql.Identifier(name)))  # fmt: skip
    return name, timings
