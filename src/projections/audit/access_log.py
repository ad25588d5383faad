"""The access log: who read which patient's data, append-only and hash-chained.

Appends are serialised so the chain stays linear with several API processes:
PostgreSQL takes `LOCK TABLE access_log IN EXCLUSIVE MODE` (readers still read),
SQLite `BEGIN IMMEDIATE`. Each entry's hash covers the previous hash and its fields
(see docs/audit-chain.md).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, text

from projections import tracking
from projections.audit.chain import GENESIS, access_record_bytes, link
from projections.audit.verify import ChainHead, Seen, Verification
from projections.schema import access_log


@dataclass(frozen=True)
class AccessEntry:
    seq: int
    at: datetime
    actor: str
    role: str
    patient_id: str | None
    resource: str
    outcome: str
    emergency: bool
    reason: str
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class NewAccess:
    """One entry to append; a `reason` makes it an emergency (break-the-glass) access."""

    actor: str
    role: str
    patient_id: str | None
    resource: str
    outcome: str
    reason: str = ""


def row_hash(previous: str, entry: Any) -> str:
    """An entry's hash: SHA-256 over the previous hash and the entry's canonical bytes
    (`chain.access_record_bytes`, docs/audit-chain.md). The one place that says which
    fields the chain covers: recording and verifying both call it."""
    record = access_record_bytes(
        entry.seq,
        entry.at,
        entry.actor,
        entry.role,
        entry.patient_id,
        entry.resource,
        entry.outcome,
        bool(entry.emergency),
        entry.reason,
    )
    return link(previous, record)


def lock(conn: Connection) -> None:
    """Begin the caller's transaction holding the access log's writer lock."""
    tracking.begin_write(conn)
    if conn.dialect.name == "postgresql":
        conn.execute(text("LOCK TABLE access_log IN EXCLUSIVE MODE"))


_HEAD = select(access_log.c.seq, access_log.c.hash).order_by(access_log.c.seq.desc()).limit(1)


def head(conn: Connection) -> tuple[int, str]:
    """The newest entry's sequence number and hash (0 and the genesis hash when empty);
    read under `lock` so that nobody appends after it meanwhile."""
    last = conn.execute(_HEAD).first()
    return (0, GENESIS) if last is None else (int(last.seq), str(last.hash))


# Every read appends, so on PostgreSQL the append goes straight to the driver (profiled:
# SQLAlchemy's statement handling was most of its CPU) and the lock and the head share one
# round trip (pipelined). Same statements, same transaction as `lock` and `head`.
_PG_LOCK = "LOCK TABLE access_log IN EXCLUSIVE MODE"
_PG_HEAD = "SELECT seq, hash FROM access_log ORDER BY seq DESC LIMIT 1"
_COLUMNS = [c.name for c in access_log.columns]
_PG_INSERT = (
    f"INSERT INTO access_log ({', '.join(_COLUMNS)}) VALUES ({', '.join(['%s'] * len(_COLUMNS))})"
)


def _pg_driver(conn: Connection) -> Any:
    if conn.dialect.name != "postgresql":
        return None
    driver = conn.connection.driver_connection
    return driver if hasattr(driver, "pipeline") else None


def lock_and_head(conn: Connection) -> tuple[int, str]:
    """`lock` then `head`, beginning the caller's transaction (one round trip on PostgreSQL)."""
    driver = _pg_driver(conn)
    if driver is None:
        lock(conn)
        return head(conn)
    conn.begin()  # the driver's statements below run in it; conn.commit() ends it
    with driver.pipeline():
        driver.execute(_PG_LOCK)
        last = driver.execute(_PG_HEAD).fetchone()
    return (0, GENESIS) if last is None else (int(last[0]), str(last[1]))


def chain_entries(
    seq: int, previous: str, new: Sequence[NewAccess], moment: datetime
) -> list[AccessEntry]:
    """`new` as entries chained after the entry (`seq`, `previous`)."""
    entries: list[AccessEntry] = []
    for item in new:
        seq += 1
        entry = AccessEntry(
            seq, moment, item.actor, item.role, item.patient_id, item.resource,
            item.outcome, bool(item.reason), item.reason, previous, "",
        )  # fmt: skip
        entry = replace(entry, hash=row_hash(previous, entry))
        entries.append(entry)
        previous = entry.hash
    return entries


def insert_rows(conn: Connection, entries: Sequence[AccessEntry]) -> None:
    if not entries:
        return
    driver = _pg_driver(conn)
    if driver is None:
        conn.execute(insert(access_log), [vars(e) for e in entries])
    elif len(entries) == 1:
        driver.execute(_PG_INSERT, [getattr(entries[0], c) for c in _COLUMNS])
    else:
        with driver.cursor() as cursor:
            cursor.executemany(_PG_INSERT, [[getattr(e, c) for c in _COLUMNS] for e in entries])


def insert_and_commit(conn: Connection, entries: Sequence[AccessEntry]) -> None:
    """`insert_rows`, then commit the caller's transaction: on PostgreSQL in one round trip
    (a pipeline; a refused row fails the COMMIT with it, and nothing is written)."""
    driver = _pg_driver(conn)
    if driver is not None:
        with driver.pipeline():
            insert_rows(conn, entries)
            driver.commit()
    else:
        insert_rows(conn, entries)
    conn.commit()  # SQLAlchemy's end of the transaction (on PostgreSQL, already committed)


def record_access(
    engine: Engine,
    *,
    actor: str,
    role: str,
    patient_id: str | None,
    resource: str,
    outcome: str,
    at: datetime | None = None,
    reason: str = "",
) -> AccessEntry:
    """Append one entry (e.g. outcome `allowed` or `denied`) and return it."""
    new = NewAccess(actor, role, patient_id, resource, outcome, reason)
    (entry,) = record_accesses(engine, [new], at=at)
    return entry


def record_accesses(
    engine: Engine, new: Sequence[NewAccess], *, at: datetime | None = None
) -> list[AccessEntry]:
    """Append several entries in one transaction of their own (one answer showing several
    patients). The API group-commits instead (`access_group.GroupAppender`)."""
    moment = (at or datetime.now(UTC)).astimezone(UTC)
    with engine.connect() as conn:
        entries = chain_entries(*lock_and_head(conn), new, moment)
        insert_and_commit(conn, entries)
        return entries


def _entries(engine: Engine, batch: int) -> Iterator[Any]:
    after = 0
    while True:
        with engine.connect() as conn:
            rows = conn.execute(
                select(access_log)
                .where(access_log.c.seq > after)
                .order_by(access_log.c.seq)
                .limit(batch)
            ).all()
        if not rows:
            return
        yield from rows
        after = int(rows[-1].seq)


def verify_access_log(engine: Engine, *, batch: int = 5000) -> Verification:
    """The access log's chain alone, checkpoints aside."""
    return walk_access_log(engine, (), batch=batch)[0]


def walk_access_log(
    engine: Engine, wanted: Collection[int], *, batch: int = 5000
) -> tuple[Verification, Seen]:
    """Recompute the access log's chain; name the first sequence number that breaks it.
    Also the hash and count at each `wanted` sequence number reached."""
    result, seen, wanted = Verification(), Seen(), frozenset(wanted)
    for row in _entries(engine, batch):
        expected_seq = result.head.position + 1
        problem = ""
        if row.seq != expected_seq:
            problem = f"removed: entry {expected_seq} is missing"
        elif row.prev_hash != result.head.hash:
            problem = f"altered: entry {row.seq} does not link to the entry before it"
        elif row_hash(result.head.hash, row) != row.hash:
            problem = f"altered: entry {row.seq} no longer matches its hash"
        if problem:
            result.first_bad_position, result.problem, result.ok = expected_seq, problem, False
            return result, seen
        result.checked += 1
        result.head = ChainHead(int(row.seq), str(row.hash))
        if row.seq in wanted:
            seen[int(row.seq)] = (str(row.hash), result.checked)
    return result, seen
