"""Rebuild a projection from position 0 into shadow tables, then swap them in at once.

Readers keep seeing the old tables until one transaction drops them, renames the
shadows into place, renames their indexes back, and moves the position: they never
see a half-built model. Index names are unique per schema on PostgreSQL and per
database on SQLite, so shadows get their own names; PostgreSQL renames them back,
SQLite (which cannot rename an index) drops and recreates them under the real names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection, Constraint, Index, MetaData, Table, select, text
from sqlalchemy.sql.elements import conv

from projections import tracking
from projections.runner import Runner
from projections.schema import NAMING_CONVENTION

SHADOW_SUFFIX = "__rb"
_PG_MAX_IDENTIFIER = 63


@dataclass
class Shadow:
    """A shadow copy of one table, with the names to restore after the swap."""

    real: Table
    table: Table
    renames: list[tuple[str, str]] = field(default_factory=list)  # (shadow, real) names
    indexes: list[tuple[str, Index]] = field(default_factory=list)  # (shadow name, real index)


def shadow_name(name: str) -> str:
    return name + SHADOW_SUFFIX


def _shadow_object_name(name: str, real: str, shadow: str) -> str:
    renamed = name.replace(real, shadow, 1) if real in name else shadow_name(name)
    if len(renamed) > _PG_MAX_IDENTIFIER:
        raise ValueError(f"shadow name {renamed!r} is too long: shorten {name!r}")
    return renamed


def _index_key(index: Index) -> tuple[tuple[str, ...], bool]:
    return tuple(column.name for column in index.columns), bool(index.unique)


def _constraint_key(constraint: Constraint) -> tuple[str, tuple[str, ...], str]:
    columns = getattr(constraint, "columns", ())
    text_ = str(getattr(constraint, "sqltext", ""))
    return type(constraint).__name__, tuple(column.name for column in columns), text_


def make_shadow(real: Table, metadata: MetaData) -> Shadow:
    table = real.to_metadata(metadata, name=shadow_name(real.name))
    shadow = Shadow(real=real, table=table)
    # Matched by kind and columns: the copy has already renamed some after the convention.
    real_constraints = {_constraint_key(c): c for c in real.constraints}
    for constraint in table.constraints:
        real_name = real_constraints[_constraint_key(constraint)].name
        if isinstance(real_name, str):
            new = _shadow_object_name(real_name, real.name, table.name)
            shadow.renames.append((new, real_name))
            constraint.name = conv(new)
    real_indexes = {_index_key(index): index for index in real.indexes}
    for index in table.indexes:
        real_index = real_indexes[_index_key(index)]
        new = _shadow_object_name(str(real_index.name), real.name, table.name)
        shadow.indexes.append((new, real_index))
        index.name = conv(new)
    return shadow


def rebuild(runner: Runner) -> int:
    """Replay the whole log into shadow tables, then swap; the number of events applied."""
    shadows = [
        make_shadow(table, MetaData(naming_convention=NAMING_CONVENTION))
        for table in runner.projector.tables
    ]
    shadow_runner = Runner(
        runner.app,
        runner.engine,
        runner.projector.with_tables({s.real.name: s.table for s in shadows}),
        batch_size=runner.batch_size,
        name=shadow_name(runner.name),
    )
    with runner.engine.begin() as conn:
        for shadow in shadows:
            shadow.table.drop(conn, checkfirst=True)  # left over by an interrupted rebuild
            shadow.table.create(conn)
        tracking.delete_row(conn, shadow_runner.name)
    total = shadow_runner.catch_up()  # the long part, while the old model still serves
    return total + _swap_in(runner, shadow_runner, shadows)


def _swap_in(runner: Runner, shadow_runner: Runner, shadows: list[Shadow]) -> int:
    """Finish the shadow and swap it in, in one transaction; events applied meanwhile."""
    tracking.ensure_row(runner.engine, runner.name)
    total = 0
    with runner.engine.connect() as conn:
        tracking.begin_write(conn)
        tracking.lock_position(conn, runner.name)  # live runners of this projection wait
        while applied := shadow_runner.apply_next(conn):
            total += applied
        final = tracking.read(conn, shadow_runner.name)
        for shadow in shadows:
            _swap(conn, shadow)
        tracking.save_position(conn, runner.name, final.position, final.event_time)
        tracking.delete_row(conn, shadow_runner.name)
        conn.commit()
    return total


def _swap(conn: Connection, shadow: Shadow) -> None:
    quote = conn.dialect.identifier_preparer.quote
    real = quote(shadow.real.name)
    conn.execute(text(f"DROP TABLE IF EXISTS {real}"))
    if conn.dialect.name == "sqlite" and _names_inside_ddl(shadow.real):
        _copy_into_fresh_table(conn, shadow)
        return
    conn.execute(text(f"ALTER TABLE {quote(shadow.table.name)} RENAME TO {real}"))
    if conn.dialect.name == "postgresql":
        # Renaming a constraint renames its index too, and the reverse.
        for old, new in shadow.renames:
            conn.execute(text(f"ALTER TABLE {real} RENAME CONSTRAINT {quote(old)} TO {quote(new)}"))
        for old, index in shadow.indexes:
            conn.execute(text(f"ALTER INDEX {quote(old)} RENAME TO {quote(str(index.name))}"))
        return
    for old, index in shadow.indexes:  # SQLite cannot rename an index
        conn.execute(text(f"DROP INDEX {quote(old)}"))
        index.create(conn)


def _names_inside_ddl(table: Table) -> bool:
    """SQLite keeps unique and check constraint names in the table's DDL, which a rename
    keeps: such tables are copied into a fresh table instead (slower, exact names)."""
    return any(c.name and c is not table.primary_key for c in table.constraints)


def _copy_into_fresh_table(conn: Connection, shadow: Shadow) -> None:
    shadow.real.create(conn)
    columns = [column.name for column in shadow.real.columns]
    conn.execute(shadow.real.insert().from_select(columns, select(shadow.table)))
    shadow.table.drop(conn)
