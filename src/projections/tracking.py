"""How far each projection has read, kept in the same transaction as its rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, exc, insert, select, update

from projections.schema import projection_positions as positions


@dataclass(frozen=True)
class Tracked:
    """A projection's recorded position and the time of the last event it applied."""

    name: str
    position: int
    event_time: datetime | None
    updated_at: datetime | None


def begin_write(conn: Connection) -> None:
    """Start the connection's transaction as a writer.

    SQLite would otherwise begin a deferred transaction and fail with "database is
    locked" when two writers upgrade at once; `BEGIN IMMEDIATE` makes the second wait.
    """
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def ensure_row(engine: Engine, name: str) -> None:
    """Create the position row (at 0) so that it can be locked; a no-op when it exists."""
    with engine.connect() as conn:
        if conn.execute(select(positions.c.name).where(positions.c.name == name)).first():
            return
        try:
            conn.execute(
                insert(positions).values(name=name, position=0, updated_at=datetime.now(UTC))
            )
            conn.commit()
        except exc.IntegrityError:
            conn.rollback()  # another process created it first: fine


def lock_position(conn: Connection, name: str) -> int:
    """Read the position inside the caller's write transaction, holding it until commit.

    On PostgreSQL `FOR UPDATE` serialises runners of the same projection (a second
    process waits, then sees the new position); on SQLite `begin_write` already did.
    """
    query = select(positions.c.position).where(positions.c.name == name)
    if conn.dialect.name == "postgresql":
        query = query.with_for_update()
    position = conn.execute(query).scalar_one_or_none()
    if position is None:
        raise LookupError(f"projection {name!r} has no position row: call ensure_row first")
    return int(position)


def save_position(conn: Connection, name: str, position: int, event_time: datetime | None) -> None:
    """Record the new position in the caller's transaction (committed with the rows)."""
    conn.execute(
        update(positions)
        .where(positions.c.name == name)
        .values(position=position, event_time=event_time, updated_at=datetime.now(UTC))
    )


def read(conn: Connection, name: str) -> Tracked:
    """The recorded position of a projection (0 when it never ran)."""
    row = conn.execute(select(positions).where(positions.c.name == name)).first()
    if row is None:
        return Tracked(name=name, position=0, event_time=None, updated_at=None)
    return Tracked(name, int(row.position), row.event_time, row.updated_at)


def current_position(engine: Engine, name: str) -> int:
    """The recorded position of a projection, in a short read of its own."""
    with engine.connect() as conn:
        return read(conn, name).position


def delete_row(conn: Connection, name: str) -> None:
    """Forget a projection's position (used for a rebuild's shadow)."""
    conn.execute(positions.delete().where(positions.c.name == name))
