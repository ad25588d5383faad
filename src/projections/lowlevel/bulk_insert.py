"""Writing a batch of rows in one go, below SQLAlchemy's per-row statement machinery.

Profiled: `conn.execute(insert(table), rows)` spent as long building parameters per row
as the database spent inserting them. Rows here are tuples in the table's column order;
PostgreSQL gets them by COPY, SQLite by the driver's `executemany`, both inside the
caller's transaction. Column types' bind processing (e.g. `UtcDateTime`) still applies.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert

Row = tuple[Any, ...]


def _processors(conn: Connection, table: Table) -> list[Callable[[Any], Any] | None]:
    dialect = conn.dialect
    return [column.type.bind_processor(dialect) for column in table.columns]


def _processed(conn: Connection, table: Table, rows: Sequence[Row]) -> list[Row]:
    """The rows with each column's bind processing applied (only where a type has one)."""
    processors = _processors(conn, table)
    active = [(i, p) for i, p in enumerate(processors) if p is not None]
    if not active:
        return list(rows)
    out: list[Row] = []
    for row in rows:
        values = list(row)
        for i, process in active:
            values[i] = process(values[i])
        out.append(tuple(values))
    return out


def insert_rows(conn: Connection, table: Table, rows: Sequence[Row]) -> None:
    """Insert `rows` (one value per column of `table`, in order) into `table`."""
    if not rows:
        return
    names = [column.name for column in table.columns]
    driver: Any = conn.connection.driver_connection
    if conn.dialect.name == "postgresql" and hasattr(driver, "cursor"):
        prepared = conn.dialect.identifier_preparer
        columns = ", ".join(prepared.quote(name) for name in names)
        statement = f"COPY {prepared.format_table(table)} ({columns}) FROM STDIN"
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            for row in _processed(conn, table, rows):
                copy.write_row(row)
        return
    if conn.dialect.name == "sqlite":
        placeholders = ", ".join("?" for _ in names)
        quoted = ", ".join(conn.dialect.identifier_preparer.quote(name) for name in names)
        table_name = conn.dialect.identifier_preparer.format_table(table)
        statement = f"INSERT INTO {table_name} ({quoted}) VALUES ({placeholders})"
        conn.exec_driver_sql(statement, _processed(conn, table, rows))
        return
    conn.execute(insert(table), [dict(zip(names, row, strict=True)) for row in rows])
