"""Group commit for the access log: concurrent appends of one process share a transaction.

Every read that shows a patient appends to the access log and may answer only once its
entries are durable (fail closed, product §5). One transaction per read pays the table
lock and the commit's flush each time; here the first caller to find no write running
leads: it takes every append queued so far (its own included), chains and inserts them in
one transaction, commits, and wakes the others, each of whom returns only once its own
entries are committed — or raises. Whoever queued while that group was being written is
in the next group. A lone read writes at once: nobody waits to gather a group.

One member's failure fails only that member: the group's rows go in under a savepoint
and, should they be refused, each member goes in again under its own, chained after the
members that succeeded, so the hash chain stays exact. If the lock, the head or the commit
fails, every member of the group fails (none of them is durable).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine

from application.grouping import Grouping
from projections.audit.access_log import (
    AccessEntry,
    NewAccess,
    chain_entries,
    insert_and_commit,
    insert_rows,
    lock_and_head,
)


@dataclass(eq=False)  # members are told apart by identity
class _Member:
    new: Sequence[NewAccess]
    at: datetime
    entries: list[AccessEntry] = field(default_factory=list)
    error: Exception | None = None
    done: bool = False

    def result(self) -> list[AccessEntry]:
        if self.error is not None:
            raise self.error
        return self.entries


class GroupAppender:
    """Appends to the access log of `engine`, group-committing concurrent callers.

    `max_group` bounds one transaction (a queue longer than that is written in turns).
    `groups` counts the transactions written, for tests and figures."""

    def __init__(self, engine: Engine, *, max_group: int = 500) -> None:
        self.engine = engine
        self.max_group = max_group
        self.groups = 0
        self._grouping = Grouping[_Member](self._write, max_group)

    @property
    def queued(self) -> int:
        """Appends waiting for the next group (not yet being written)."""
        return self._grouping.queued

    @property
    def writing(self) -> bool:
        return self._grouping.writing

    def append(self, new: Sequence[NewAccess], *, at: datetime | None = None) -> list[AccessEntry]:
        """Append `new` (one caller's entries, consecutive in the chain); return them once
        committed. Raises what refused them (then none of them is in the log)."""
        member = _Member(list(new), (at or datetime.now(UTC)).astimezone(UTC))
        self._grouping.submit(member)
        return member.result()

    def _write(self, group: list[_Member]) -> None:
        write_group(self.engine, group)
        self.groups += 1


def write_group(engine: Engine, group: Sequence[_Member]) -> None:
    """Write the members' entries in one transaction; every member ends `done`, with its
    entries or the error that refused them. Never raises an `Exception`."""
    written: dict[_Member, list[AccessEntry]] = {}
    try:
        with engine.connect() as conn:
            seq, previous = lock_and_head(conn)
            if len(group) == 1:  # a lone read: no savepoint, the commit with the insert
                entries = chain_entries(seq, previous, group[0].new, group[0].at)
                insert_and_commit(conn, entries)
                inserted = {group[0]: entries}
            else:
                inserted = _insert_group(conn, group, seq, previous)
                conn.commit()
        written = inserted
    except Exception as error:  # the lock, the head or the commit: nothing is durable
        for member in group:
            member.error = member.error or error
    finally:
        for member in group:
            if member in written:
                member.entries = written[member]
            elif member.error is None:
                member.error = RuntimeError("the access log entry was not written")
            member.done = True


def _insert_group(
    conn: Connection, group: Sequence[_Member], seq: int, previous: str
) -> dict[_Member, list[AccessEntry]]:
    try:
        with conn.begin_nested():
            return _chain_and_insert(conn, group, seq, previous)
    except Exception:  # some member's rows were refused: find which, alone each
        written: dict[_Member, list[AccessEntry]] = {}
        for member in group:
            try:
                with conn.begin_nested():
                    entries = chain_entries(seq, previous, member.new, member.at)
                    insert_rows(conn, entries)
            except Exception as error:
                member.error = error
                continue
            written[member] = entries
            if entries:
                seq, previous = entries[-1].seq, entries[-1].hash
        return written


def _chain_and_insert(
    conn: Connection, group: Sequence[_Member], seq: int, previous: str
) -> dict[_Member, list[AccessEntry]]:
    written: dict[_Member, list[AccessEntry]] = {}
    for member in group:
        entries = chain_entries(seq, previous, member.new, member.at)
        written[member] = entries
        if entries:
            seq, previous = entries[-1].seq, entries[-1].hash
    insert_rows(conn, [e for entries in written.values() for e in entries])
    return written
