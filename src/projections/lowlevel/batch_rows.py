"""One table's rows as a batch sees them: loaded once, changed in memory, written once.

A batch loads every row its events can touch with a few reads (`lowlevel.batch_reads.read_all`),
applies its events to these dicts, then upserts the changed rows in one statement per
table (pipelined on PostgreSQL), so a batch costs a handful of statements however many
events it holds. Used by the dashboard and finance projectors.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from operator import itemgetter
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, any_, bindparam
from sqlalchemy.dialects import postgresql

Row = dict[str, Any]
CHUNK = 500  # values per IN list: well under every driver's parameter limit


def one_of(conn: Connection, column: ColumnElement[Any], values: list[Any]) -> Any:
    """`column IN (...)`; on PostgreSQL `= ANY(array)`: one parameter, so the statement's
    text (hence its parsing and plan) is the same for every batch."""
    if conn.dialect.name == "postgresql":
        return column == any_(bindparam(None, values, type_=postgresql.ARRAY(column.type)))
    return column.in_(values)


def chunks(values: Collection[Any]) -> Iterator[list[Any]]:
    ordered = sorted(values, key=str)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


# SQL, the getter of a row's values in column order, the columns' bind processors.
Prepared = tuple[str, Callable[[Row], Any], list[tuple[int, Callable[[Any], Any]]]]
_PREPARED: dict[tuple[str, str, tuple[str, ...], str], Prepared] = {}
OVERWRITE, KEEP, ADD = "overwrite", "keep", "add"  # what a conflicting row gets


def _prepare(conn: Connection, table: Table, keys: Sequence[str], mode: str) -> Prepared:
    """An upsert into `table` as driver SQL, its column order and SQLAlchemy's own bind
    processors of those columns. Built once per table, so that a batch's rows go straight
    to the driver (SQLAlchemy's per-row parameter handling cost more than the database).

    SQLite takes one row's placeholders (for executemany); PostgreSQL one array per column
    (`unnest`): a single statement of fixed text however many rows, where an executemany
    would cost the server a round per row.
    """
    dialect = conn.dialect
    cache_key = (dialect.name, table.name, tuple(keys), mode)
    if cache_key not in _PREPARED:
        q = dialect.identifier_preparer.quote
        names = [c.name for c in table.columns]
        if dialect.name == "postgresql":
            arrays = ", ".join(f"%b::{c.type.compile(dialect)}[]" for c in table.columns)
            source = f"SELECT * FROM unnest({arrays})"
        else:
            source = f"VALUES ({', '.join(['?'] * len(names))})"
        others = [n for n in names if n not in keys] if mode != KEEP else []
        held = dialect.identifier_preparer.format_table(table) + "." if mode == ADD else ""
        action = "DO UPDATE SET " + ", ".join(
            f"{q(n)} = {held and held + q(n) + ' + '}excluded.{q(n)}" for n in others
        )
        sql = (
            f"INSERT INTO {dialect.identifier_preparer.format_table(table)} "
            f"({', '.join(q(n) for n in names)}) {source} "
            f"ON CONFLICT ({', '.join(q(k) for k in keys)}) {action if others else 'DO NOTHING'}"
        )
        processors: list[tuple[int, Callable[[Any], Any]]] = [
            (i, p)
            for i, c in enumerate(table.columns)
            if (p := c.type._cached_bind_processor(dialect)) is not None
        ]
        _PREPARED[cache_key] = (sql, itemgetter(*names), processors)
    return _PREPARED[cache_key]


def _write(conn: Connection, table: Table, rows: list[Row], keys: Sequence[str], mode: str) -> None:
    if not rows:
        return
    sql, values_of, processors = _prepare(conn, table, keys, mode)
    params: list[Any] = [values_of(row) for row in rows]
    if processors:
        params = [list(values) for values in params]
        for values in params:
            for i, process in processors:
                values[i] = process(values[i])
    cursor = conn.connection.cursor()  # the batch's own transaction
    try:
        if conn.dialect.name == "postgresql":
            columns = [list(column) for column in zip(*params, strict=True)]
            cursor.execute(sql, columns)
        else:
            cursor.executemany(sql, params)
    finally:
        cursor.close()


def pipelined(conn: Connection) -> AbstractContextManager[Any]:
    """On PostgreSQL, send the statements within without waiting for each one's answer
    (psycopg's pipeline mode: one round trip for the lot, not one per statement)."""
    if conn.dialect.name == "postgresql":
        return conn.connection.driver_connection.pipeline()  # type: ignore[no-any-return,union-attr]
    return nullcontext()


def upsert_many(conn: Connection, table: Table, rows: list[Row], keys: Sequence[str]) -> None:
    """Insert these rows, or overwrite every other column where the key exists."""
    _write(conn, table, rows, keys, OVERWRITE)


def insert_missing(conn: Connection, table: Table, rows: list[Row], keys: Sequence[str]) -> None:
    """Insert these rows unless their key exists (the key's row is then left as it is)."""
    _write(conn, table, rows, keys, KEEP)


def add_many(conn: Connection, table: Table, rows: list[Row], keys: Sequence[str]) -> None:
    """Insert these rows, or add their other columns to those of the row with the key."""
    _write(conn, table, rows, keys, ADD)


class Rows:
    """Rows of one table by primary key, indexed by columns that never change on a row."""

    def __init__(self, table: Table, key: tuple[str, ...], groups: tuple[str, ...] = ()) -> None:
        self.table, self.key = table, key
        self.rows: dict[Any, Row] = {}
        self.dirty: set[Any] = set()
        self.index: dict[str, dict[Any, dict[Any, Row]]] = {g: {} for g in groups}

    def pk(self, row: Row) -> Any:
        return row[self.key[0]] if len(self.key) == 1 else tuple(row[k] for k in self.key)

    def _add(self, row: Row) -> None:
        pk = self.pk(row)
        self.rows[pk] = row
        for column, groups in self.index.items():
            groups.setdefault(row[column], {})[pk] = row

    def add_loaded(self, row: Row) -> None:
        """Hold a row as read from the database (a row already held wins)."""
        if self.pk(row) not in self.rows:
            self._add(row)

    def get(self, pk: Any) -> Row | None:
        return self.rows.get(pk)

    def group(self, column: str, value: Any) -> list[Row]:
        return list(self.index[column].get(value, {}).values())

    def first(self, column: str, value: Any) -> Row | None:
        return next(iter(self.index[column].get(value, {}).values()), None)

    def insert_new(self, row: Row) -> bool:
        """Add the row unless its key is held; whether it was added."""
        if self.pk(row) in self.rows:
            return False
        self._add(row)
        self.dirty.add(self.pk(row))
        return True

    def put(self, row: Row) -> None:
        """Insert, or overwrite the held row's values (its indexed columns never change)."""
        held = self.rows.get(self.pk(row))
        if held is None:
            self._add(row)
        else:
            held.update(row)
        self.dirty.add(self.pk(row))

    def change(self, pk: Any, **values: Any) -> Row | None:
        """Set these values on the row with this key (no row: nothing happens)."""
        row = self.rows.get(pk)
        if row is not None:
            row.update(values)
            self.dirty.add(pk)
        return row

    def changed(self) -> Iterable[Row]:
        return (self.rows[pk] for pk in self.dirty)

    def flush(self, conn: Connection) -> None:
        upsert_many(conn, self.table, list(self.changed()), list(self.key))
        self.dirty.clear()
