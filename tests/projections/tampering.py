"""What an attacker with write access to the databases does, for the tamper tests."""

from __future__ import annotations

import sqlite3
from typing import Any

import psycopg
from sqlalchemy import Engine, delete, update

from application.settings import Settings
from application.store import event_store_environment
from projections.schema import access_log, audit_entries, projection_positions


def raw_store_sql(settings: Settings, statement: str, *params: Any, table: str = "toyapp") -> None:
    """Run SQL on the event store behind the application's back; {t} table, {id} column."""
    if settings.is_postgres:
        sql = statement.format(t=f"{table}_events", id="notification_id").replace("?", "%s")
        with psycopg.connect(settings.event_store_url()) as conn:
            conn.execute(sql.encode(), params)
        return
    path = event_store_environment(settings)["SQLITE_DBNAME"]
    with sqlite3.connect(path) as lite:
        lite.execute(statement.format(t="stored_events", id="rowid"), params)
    lite.close()


def truncate_events(settings: Settings, engine: Engine, keep: int, table: str = "toyapp") -> None:
    """Delete the events after position `keep`, their audit entries, and set the audit
    projection back, so the chain is whole and ends at `keep`."""
    raw_store_sql(settings, "DELETE FROM {t} WHERE {id} > ?", keep, table=table)
    with engine.begin() as conn:
        conn.execute(delete(audit_entries).where(audit_entries.c.position > keep))
        conn.execute(
            update(projection_positions)
            .where(projection_positions.c.name == "audit")
            .values(position=keep)
        )


def truncate_access_log(engine: Engine, keep: int) -> None:
    with engine.begin() as conn:
        conn.execute(delete(access_log).where(access_log.c.seq > keep))
