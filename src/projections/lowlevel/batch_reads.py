"""Reading a batch's rows in few round trips: statements of fixed text, sent together.

A list of keys travels as one parameter (PostgreSQL `= ANY(array)`, SQLite
`json_each`), so each statement's text, hence its parsing and plan, is the same for
every batch; on PostgreSQL all of a batch's reads go in one pipeline (one round trip).
Values come back through SQLAlchemy's own result processors of the columns.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Sequence
from typing import Any

from sqlalchemy import Connection, Table

from projections.lowlevel.batch_rows import Rows, pipelined

Read = tuple[Rows, str, list[Any]]  # the rows to fill, a WHERE clause, its parameters


def is_postgres(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


def name(conn: Connection, table: Table) -> str:
    return conn.dialect.identifier_preparer.format_table(table)


def any_of(conn: Connection, column: str) -> str:
    """`column` is one of the list passed as one parameter (see `keys`)."""
    if is_postgres(conn):
        return f"{column} = ANY(%s)"
    return f"{column} IN (SELECT value FROM json_each(?))"


def keys(conn: Connection, values: Collection[Any]) -> Any:
    """The parameter of `any_of`: an array on PostgreSQL, a JSON list on SQLite."""
    ordered = sorted(values, key=str)
    return ordered if is_postgres(conn) else json.dumps(ordered)


def read_all(conn: Connection, reads: list[Read]) -> None:
    """Run these reads (together on PostgreSQL) and add the rows found to their `Rows`."""
    cursors = []
    try:
        with pipelined(conn):
            for rows, where, params in reads:
                columns = ", ".join(
                    conn.dialect.identifier_preparer.quote(c.name) for c in rows.table.columns
                )
                cursor = conn.connection.cursor()
                cursors.append(cursor)
                cursor.execute(
                    f"SELECT {columns} FROM {name(conn, rows.table)} WHERE {where}", params
                )
        for (rows, _, _), cursor in zip(reads, cursors, strict=True):
            _add_all(conn, rows, cursor.fetchall())
    finally:
        for cursor in cursors:
            cursor.close()


def _add_all(conn: Connection, rows: Rows, found: Sequence[Any]) -> None:
    processors: list[Callable[[Any], Any] | None] = [
        c.type._cached_result_processor(conn.dialect, None) for c in rows.table.columns
    ]
    names = [c.name for c in rows.table.columns]
    for values in found:
        row = {
            n: v if p is None else p(v) for n, p, v in zip(names, processors, values, strict=True)
        }
        rows.add_loaded(row)
