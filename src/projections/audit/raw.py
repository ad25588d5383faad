"""The event store's records exactly as stored, read fast and without decoding (no key).

Verification must re-read every record, so this skips the library's `Notification`
objects (and their UUID parsing) where it knows the recorder: SQLite and PostgreSQL.
Any other recorder falls back to `select_notifications`. Each record is
(position, originator id as text, version, topic, state).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from eventsourcing.application import Application
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg import sql
from psycopg.rows import tuple_row

from projections.audit.chain import originator_text

Record = tuple[int, str, int, str, bytes]


def raw_records(app: Application[Any], batch: int = 5000) -> Iterator[Record]:
    """Every stored record in position order, fetched `batch` at a time."""
    recorder = app.recorder
    if isinstance(recorder, SQLiteApplicationRecorder):
        return _sqlite(recorder, batch)
    if isinstance(recorder, PostgresApplicationRecorder):
        return _postgres(recorder, batch)
    return _generic(app, batch)


def _hyphenated(hex32: str) -> str:
    h = hex32
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _sqlite(recorder: SQLiteApplicationRecorder, batch: int) -> Iterator[Record]:
    query = (
        "SELECT rowid, originator_id, originator_version, topic, state "
        f"FROM {recorder.events_table_name} WHERE rowid > ? ORDER BY rowid LIMIT ?"
    )
    uuids = recorder.datastore.originator_id_type == "uuid"  # stored as 32 hex digits
    after = 0
    while True:
        with recorder.datastore.transaction(commit=False) as cursor:
            cursor.execute(query, (after, batch))
            rows = cursor.fetchall()
        if not rows:
            return
        if uuids:  # a list comprehension per batch: cheaper than a generator step per row
            rows = [(i, _hyphenated(o), v, t, s) for i, o, v, t, s in rows]
        yield from rows
        after = rows[-1][0]


def _postgres(recorder: PostgresApplicationRecorder, batch: int) -> Iterator[Record]:
    query = sql.SQL(
        "SELECT notification_id, originator_id::text, originator_version, topic, state "
        "FROM {}.{} WHERE notification_id > %s ORDER BY notification_id LIMIT %s"
    ).format(sql.Identifier(recorder.datastore.schema), sql.Identifier(recorder.events_table_name))
    after = 0
    while True:
        with recorder.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as c:
            rows = c.execute(query, (after, batch)).fetchall()
        if not rows:
            return
        yield from rows
        after = rows[-1][0]


def _generic(app: Application[Any], batch: int) -> Iterator[Record]:
    start = 1
    while notifications := app.recorder.select_notifications(start=start, limit=batch):
        for n in notifications:
            yield n.id, originator_text(n.originator_id), n.originator_version, n.topic, n.state
        start = notifications[-1].id + 1
