"""Checks the stored events against the audit chain (its checkpoints: `report.py`).

The store is re-read raw (no cipher key needed) and the chain recomputed from it; the
first position where the store and the recorded chain disagree is named, as altered
(same position, different record), removed (the chain has it, the store does not) or
inserted (the store has a record the chain never saw). Records newer than the audit
projection's head are not yet audited and are not a failure.
"""

from __future__ import annotations

import hashlib
import queue
import threading
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from itertools import chain
from typing import Any, TypeVar

from eventsourcing.application import Application
from eventsourcing.postgres import PostgresApplicationRecorder
from sqlalchemy import Engine, bindparam, select

from projections.audit.chain import GENESIS
from projections.audit.raw import Record, raw_record_pages
from projections.schema import audit_entries

Entry = tuple[int, str, int, str]  # position, originator id, version, hash
Seen = dict[int, tuple[str, int]]  # position -> (recomputed hash, entries up to it)
T = TypeVar("T")


@dataclass(frozen=True)
class ChainHead:
    position: int
    hash: str


@dataclass(frozen=True)
class CheckpointFailure:
    position: int
    reason: str
    created_at: str | None = None


@dataclass
class Verification:
    """One chain's verification. `head` is its last verified entry; `problem` says what
    broke it (altered, removed, inserted, truncated) at `first_bad_position`."""

    ok: bool = True
    checked: int = 0
    head: ChainHead = field(default_factory=lambda: ChainHead(0, GENESIS))
    first_bad_position: int | None = None
    problem: str | None = None
    failed_checkpoints: list[CheckpointFailure] = field(default_factory=list)
    signatures_checked: int = 0  # checkpoint signatures verified with the public key(s)
    checkpoint_age_seconds: float | None = None  # of the newest checkpoint
    warnings: list[str] = field(default_factory=list)


def _chain(engine: Engine, batch: int) -> Iterator[list[Entry]]:
    """The recorded chain in position order, in pages fetched through the driver
    (profiled: SQLAlchemy's row-by-row iteration cost as much as the hashing)."""
    c = audit_entries.c
    query = (
        select(c.position, c.originator_id, c.originator_version, c.hash)
        .where(c.position > bindparam("after"))
        .order_by(c.position)
        .limit(bindparam("batch"))
    )
    after = 0
    while True:
        with engine.connect() as conn:
            compiled = query.compile(dialect=conn.dialect)
            params = compiled.construct_params({"after": after, "batch": batch})
            positional = compiled.positiontup
            args: Any = [params[k] for k in positional] if positional else params
            cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
            try:
                cursor.execute(compiled.string, args)
                rows: list[Entry] = cursor.fetchall()
            finally:
                cursor.close()
        if not rows:
            return
        yield rows
        after = rows[-1][0]


_END = object()


def _read_ahead(pages: Iterator[list[T]], depth: int = 2) -> Iterator[T]:
    """The rows of `pages`, with the next pages fetched by a thread meanwhile.

    On PostgreSQL the server builds each page (the canonical bytes are computed in the
    query) while this thread hashes the previous one: the two cores work at once.
    """
    ready: queue.Queue[Any] = queue.Queue(depth)
    stop = threading.Event()

    def offer(item: Any) -> bool:
        """Hand `item` to the reader; False once the reader has stopped."""
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def fetch() -> None:
        try:
            for page in pages:
                if not offer(page):
                    return
            offer(_END)
        except BaseException as error:  # handed to the reader, raised there
            offer(error)

    thread = threading.Thread(target=fetch, name="audit-verify-read-ahead", daemon=True)
    thread.start()
    try:
        while (item := ready.get()) is not _END:
            if isinstance(item, BaseException):
                raise item
            yield from item
    finally:
        stop.set()
        thread.join()  # the page being fetched, if any: no connection is left in use


def _pages(pages: Iterator[list[T]], ahead: bool) -> Iterator[T]:
    return _read_ahead(pages) if ahead else chain.from_iterable(pages)


def _mismatch(stored: Record | None, entry: Entry) -> tuple[int, str] | None:
    """(first bad position, problem) when the record is not the entry's, else None."""
    position = entry[0]
    if stored is None or stored[0] > position:
        return position, f"removed: position {position} is in the audit chain, not the store"
    if stored[0] < position:
        return stored[0], f"inserted: position {stored[0]} is in the store, not the audit chain"
    if (stored[1], stored[2]) != (entry[1], entry[2]):
        return position, f"altered: position {position} now holds another aggregate's event"
    return None


def verify_chain(app: Application[Any], engine: Engine, *, batch: int = 20_000) -> Verification:
    """The events chain alone, checkpoints aside."""
    result, _ = walk_events(app, engine, (), batch=batch)
    return result


def walk_events(
    app: Application[Any], engine: Engine, wanted: Collection[int], *, batch: int = 20_000
) -> tuple[Verification, Seen]:
    """Walk store and chain together; stop at the first disagreement. Also the recomputed
    hash and count at each `wanted` position reached (to check checkpoints against)."""
    result = Verification()
    wanted = frozenset(wanted)
    seen: Seen = {}
    # Read-ahead threads only on PostgreSQL: there the pages are built by the server.
    # (SQLite builds them in this process under the same GIL, and an in-memory SQLite
    # store is not shared between threads.)
    ahead = isinstance(app.recorder, PostgresApplicationRecorder)
    store = _pages(raw_record_pages(app, batch), ahead)
    previous, checked, sha256 = bytes(32), 0, hashlib.sha256
    last_good: Entry | None = None
    # The hot loop, profiled: one sha256 per event, the rest kept out of the common path.
    for entry in _pages(_chain(engine, batch), ahead and engine.dialect.name == "postgresql"):
        stored = next(store, None)
        if stored is None or stored[:3] != entry[:3]:
            found = _mismatch(stored, entry)
            assert found is not None
            result.first_bad_position, result.problem = found
            break
        digest = sha256(previous)
        digest.update(stored[3])  # the record's canonical bytes
        computed = digest.hexdigest()
        if computed != entry[3]:
            result.first_bad_position = entry[0]
            result.problem = f"altered: the record at position {entry[0]} no longer matches"
            break
        previous, checked = digest.digest(), checked + 1
        if entry[0] in wanted:
            seen[entry[0]] = (computed, checked)
        last_good = entry
    if last_good is not None:
        result.head = ChainHead(last_good[0], last_good[3])
    result.checked = checked
    result.ok = result.problem is None
    return result, seen
