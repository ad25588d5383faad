"""Idempotent row writes on SQLite and PostgreSQL: upsert by natural key, insert-if-absent."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Table, and_, select, update
from sqlalchemy.dialects import postgresql, sqlite


def text_id(value: UUID | str) -> str:
    return str(value)


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _insert(conn: Connection, table: Table, values: Mapping[str, Any]) -> Any:
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table).values(dict(values))
    return sqlite.insert(table).values(dict(values))


def upsert(
    conn: Connection,
    table: Table,
    values: Mapping[str, Any],
    keys: Sequence[str],
    update_columns: Sequence[str] | None = None,
) -> None:
    """Insert the row, or update `update_columns` (default: all non-key values) if it exists."""
    columns = [c for c in values if c not in keys] if update_columns is None else update_columns
    statement = _insert(conn, table, values)
    if columns:
        statement = statement.on_conflict_do_update(
            index_elements=list(keys), set_={c: statement.excluded[c] for c in columns}
        )
    else:
        statement = statement.on_conflict_do_nothing(index_elements=list(keys))
    conn.execute(statement)


def insert_new(
    conn: Connection, table: Table, values: Mapping[str, Any], keys: Sequence[str]
) -> bool:
    """Insert the row unless its key exists; whether it was inserted."""
    statement = _insert(conn, table, values).on_conflict_do_nothing(index_elements=list(keys))
    # RETURNING, not rowcount: psycopg's rowcount is -1 after ON CONFLICT DO NOTHING here.
    return conn.execute(statement.returning(table.c[keys[0]])).first() is not None


def _where(table: Table, key: Mapping[str, Any]) -> Any:
    return and_(*(table.c[name] == value for name, value in key.items()))


def fetch(conn: Connection, table: Table, **key: Any) -> dict[str, Any] | None:
    """The row with this key, as a dict, or None."""
    row = conn.execute(select(table).where(_where(table, key))).mappings().first()
    return None if row is None else dict(row)


def change(conn: Connection, table: Table, key: Mapping[str, Any], **values: Any) -> None:
    """Set these columns on the row with this key (no row: nothing happens)."""
    conn.execute(update(table).where(_where(table, key)).values(**values))


def bump(conn: Connection, table: Table, key: Mapping[str, Any], deltas: Mapping[str, int]) -> None:
    """Add the non-zero deltas to counter columns (callers pass differences of state)."""
    wanted = {name: table.c[name] + delta for name, delta in deltas.items() if delta}
    if wanted:
        conn.execute(update(table).where(_where(table, key)).values(wanted))
