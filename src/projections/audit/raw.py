"""The event store's records exactly as stored, read fast and without decoding (no key).

Verification must re-read every record, so this skips the library's `Notification`
objects (and their UUID parsing) where it knows the recorder: SQLite and PostgreSQL.
Any other recorder falls back to `select_notifications`. Each record is
(position, originator id as text, version, canonical bytes of the record as hashed by
the chain, see `chain.event_record_bytes`). On PostgreSQL the server builds those bytes
in the query, so that work runs in its own process, beside the verifier (profiled:
building them was a third of the verifier's own time).
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from typing import Any

from eventsourcing.application import Application
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg import sql
from psycopg.rows import tuple_row

from projections.audit.chain import event_record_bytes, originator_text

Record = tuple[int, str, int, bytes]


def raw_record_pages(app: Application[Any], batch: int = 20_000) -> Iterator[list[Record]]:
    """Every stored record in position order, a page (a list of up to `batch`) at a time."""
    recorder = app.recorder
    if isinstance(recorder, SQLiteApplicationRecorder):
        return _sqlite(recorder, batch)
    if isinstance(recorder, PostgresApplicationRecorder):
        return _postgres(recorder, batch)
    return _generic(app, batch)


_UUID_PARTS = ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))


def _sqlite(recorder: SQLiteApplicationRecorder, batch: int) -> Iterator[list[Record]]:
    originator = "originator_id"
    if recorder.datastore.originator_id_type == "uuid":  # stored as 32 hex digits
        # Hyphenated in SQL: in C, cheaper than a Python call per row (profiled).
        parts = [f"substr(originator_id, {a}, {b})" for a, b in _UUID_PARTS]
        originator = " || '-' || ".join(parts)
    query = (
        f"SELECT rowid, {originator}, originator_version, topic, state "
        f"FROM {recorder.events_table_name} WHERE rowid > ? ORDER BY rowid LIMIT ?"
    )
    after, record = 0, _RecordBytes()
    while True:
        with recorder.datastore.transaction(commit=False) as cursor:
            cursor.execute(query, (after, batch))
            rows = cursor.fetchall()
        if not rows:
            return
        yield [(i, o, v, record(i, o, v, t, s)) for i, o, v, t, s in rows]
        after = rows[-1][0]


class _RecordBytes:
    """`chain.event_record_bytes`, with each topic's encoded field remembered (a store
    has few topics): the per-row work is left to C-level joins."""

    def __init__(self) -> None:
        self.topics: dict[str, bytes] = {}
        self.pack = struct.Struct(">I").pack

    def __call__(
        self, position: int, originator: str, version: int, topic: str, state: bytes
    ) -> bytes:
        pack = self.pack
        try:
            t = self.topics[topic]
        except KeyError:
            encoded = topic.encode()
            t = self.topics[topic] = pack(len(encoded)) + encoded
        p, o, v = b"%d" % position, originator.encode(), b"%d" % version
        return b"".join(
            (pack(len(p)), p, pack(len(o)), o, pack(len(v)), v, t, pack(len(state)), state)
        )


def _length_prefixed(expression: str) -> str:
    """SQL for the chain's field encoding: 4-byte big-endian length, then the bytes."""
    return f"int4send(octet_length({expression})) || {expression}"


def _postgres(recorder: PostgresApplicationRecorder, batch: int) -> Iterator[list[Record]]:
    text_fields = ("notification_id::text", "originator_id::text", "originator_version::text")
    fields = [f"convert_to({field}, 'UTF8')" for field in (*text_fields, "topic")]
    canonical = " || ".join(_length_prefixed(field) for field in (*fields, "state"))
    query = sql.SQL(
        "SELECT notification_id, originator_id::text, originator_version, "
        + canonical
        + " FROM {}.{} WHERE notification_id > %s ORDER BY notification_id LIMIT %s"
    ).format(sql.Identifier(recorder.datastore.schema), sql.Identifier(recorder.events_table_name))
    after = 0
    while True:
        with (
            recorder.datastore.get_connection() as conn,
            conn.cursor(row_factory=tuple_row, binary=True) as c,
        ):
            rows = c.execute(query, (after, batch)).fetchall()
        if not rows:
            return
        yield rows
        after = rows[-1][0]


def _generic(app: Application[Any], batch: int) -> Iterator[list[Record]]:
    start = 1
    while notifications := app.recorder.select_notifications(start=start, limit=batch):
        page = []
        for n in notifications:
            o, v = originator_text(n.originator_id), n.originator_version
            page.append((n.id, o, v, event_record_bytes(n.id, o, v, n.topic, n.state)))
        yield page
        start = notifications[-1].id + 1
