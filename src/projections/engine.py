"""The SQLAlchemy engine of the read-model tables (and the API's idempotency table)."""

from __future__ import annotations

from typing import Any

import sqlalchemy
from sqlalchemy import event

from application.settings import Settings

_SQLITE_BUSY_TIMEOUT_MS = 5000


def create_read_engine(settings: Settings) -> sqlalchemy.Engine:
    """A SQLAlchemy engine for the read-model tables."""
    url = settings.read_models_sqlalchemy_url()
    if url.startswith("sqlite"):
        engine = sqlalchemy.create_engine(url)
        event.listen(engine, "connect", _configure_sqlite)
        return engine
    return sqlalchemy.create_engine(
        url,
        pool_pre_ping=settings.pg_pre_ping,
        pool_size=settings.pg_pool_size,
        max_overflow=settings.pg_max_overflow,
    )


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers run while a projection writes; busy_timeout makes a second
    # writer wait instead of failing at once; SQLite leaves foreign keys off by default.
    # synchronous=NORMAL may lose the last commits on power loss: read models are
    # rebuilt from the events, so speed wins here.
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={_SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()
