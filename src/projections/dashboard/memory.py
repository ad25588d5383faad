"""One table's rows as a batch sees them: loaded once, changed in memory, written once.

A batch loads every row its events can touch with a few `WHERE column IN (...)` reads,
applies its events to these dicts, then upserts the changed rows in one statement per
table, so a batch costs a handful of statements however many events it holds.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from typing import Any

from sqlalchemy import Connection, Table, select
from sqlalchemy.dialects import postgresql, sqlite

Row = dict[str, Any]
CHUNK = 500  # values per IN list: well under every driver's parameter limit


def chunks(values: Collection[Any]) -> Iterator[list[Any]]:
    ordered = sorted(values, key=str)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def upsert_many(conn: Connection, table: Table, rows: list[Row], keys: list[str]) -> None:
    """Insert these rows, or overwrite every other column where the key exists."""
    if not rows:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table)
    others = [c.name for c in table.columns if c.name not in keys]
    conn.execute(
        statement.on_conflict_do_update(
            index_elements=keys, set_={c: statement.excluded[c] for c in others}
        ),
        rows,
    )


def insert_missing(conn: Connection, table: Table, rows: list[Row], keys: list[str]) -> None:
    """Insert these rows unless their key exists (the key's row is then left as it is)."""
    if rows:
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        conn.execute(dialect.insert(table).on_conflict_do_nothing(index_elements=keys), rows)


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

    def load(self, conn: Connection, column: str, values: Collection[Any]) -> list[Row]:
        """Read the rows whose `column` is one of `values` (rows already held win)."""
        found: list[Row] = []
        for part in chunks(values):
            query = select(self.table).where(self.table.c[column].in_(part))
            for mapping in conn.execute(query).mappings():
                row = dict(mapping)
                if self.pk(row) not in self.rows:
                    self._add(row)
                    found.append(row)
        return found

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
