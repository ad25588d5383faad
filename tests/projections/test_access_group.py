"""Group-committed access log: concurrent reads share one transaction, each still waits for
its own entries to be committed, one refused member fails alone and the chain stays exact."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, select, text
from sqlalchemy.exc import OperationalError

from projections.audit import access_group
from projections.audit.access_group import GroupAppender
from projections.audit.access_log import AccessEntry, NewAccess, lock, verify_access_log
from projections.schema import access_log
from tests.expect import until


def _new(actor: str, n: int = 1) -> list[NewAccess]:
    return [NewAccess(actor, "nurse", f"p-{i}", "GET /x", "allowed") for i in range(n)]


@contextmanager
def _log_held(engine: Engine) -> Iterator[None]:
    """Another process's append in progress: the access log's writer lock held."""
    with engine.connect() as conn:
        lock(conn)
        yield
        conn.rollback()


class _Caller(threading.Thread):
    def __init__(self, log: GroupAppender, new: list[NewAccess]) -> None:
        super().__init__()
        self.log, self.new = log, new
        self.entries: list[AccessEntry] = []
        self.error: Exception | None = None

    def run(self) -> None:
        try:
            self.entries = self.log.append(self.new)
        except Exception as error:
            self.error = error


def _rows(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(select(access_log).order_by(access_log.c.seq)))


def _grouped(engine: Engine, log: GroupAppender, batches: list[list[NewAccess]]) -> list[_Caller]:
    """A lone first caller leads while the lock is held elsewhere; the others queue behind
    it, then all go: the first writes alone, the rest as one group."""
    callers = [_Caller(log, new) for new in batches]
    with _log_held(engine):
        callers[0].start()
        until(lambda: log.writing and log.queued == 0, every=0.005)
        for caller in callers[1:]:
            caller.start()
        until(lambda: log.queued == len(callers) - 1, every=0.005)
    for caller in callers:
        caller.join(10)
    return callers


def test_given_concurrent_reads_when_logged_then_they_share_a_commit_and_the_chain_is_whole(
    engine: Engine,
) -> None:
    log = GroupAppender(engine)

    callers = _grouped(engine, log, [_new(f"dr-{i}", 1 + i % 3) for i in range(8)])

    assert [c.error for c in callers] == [None] * 8
    assert log.groups == 2
    rows = _rows(engine)
    assert len(rows) == sum(len(c.new) for c in callers)
    for caller in callers:  # each caller's entries are consecutive, as returned, and stored
        seqs = [e.seq for e in caller.entries]
        assert seqs == list(range(seqs[0], seqs[0] + len(caller.new)))
        assert [(r.actor, r.hash) for r in rows[seqs[0] - 1 : seqs[-1]]] == [
            (e.actor, e.hash) for e in caller.entries
        ]
    assert verify_access_log(engine).ok


@pytest.fixture
def refusing(engine: Engine) -> Engine:
    """The database refuses any access-log row whose actor is `refused`."""
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(text(
                "CREATE TRIGGER refuse BEFORE INSERT ON access_log WHEN NEW.actor = 'refused' "
                "BEGIN SELECT RAISE(ABORT, 'refused'); END"
            ))  # fmt: skip
        else:
            conn.execute(text(
                "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                "IF NEW.actor = 'refused' THEN RAISE EXCEPTION 'refused'; END IF; "
                "RETURN NEW; END $$"
            ))  # fmt: skip
            conn.execute(text(
                "CREATE TRIGGER refuse BEFORE INSERT ON access_log "
                "FOR EACH ROW EXECUTE FUNCTION refuse()"
            ))  # fmt: skip
    return engine


def test_given_a_group_when_one_member_is_refused_then_only_it_fails_and_the_chain_is_exact(
    refusing: Engine,
) -> None:
    log = GroupAppender(refusing)
    batches = [_new("first"), _new("before", 2), _new("refused"), _new("after", 3)]

    first, before, refused, after = _grouped(refusing, log, batches)

    assert (first.error, before.error, after.error) == (None, None, None)
    assert refused.error is not None and refused.entries == []
    rows = _rows(refusing)
    assert [r.actor for r in rows] == ["first", "before", "before", "after", "after", "after"]
    assert [r.seq for r in rows] == [1, 2, 3, 4, 5, 6]
    assert [e.seq for e in after.entries] == [4, 5, 6]
    result = verify_access_log(refusing)
    assert (result.ok, result.checked) == (True, 6)


def test_given_a_lone_read_when_refused_then_it_raises_and_nothing_is_logged(
    refusing: Engine,
) -> None:
    log = GroupAppender(refusing)

    with pytest.raises(Exception, match="refused"):
        log.append(_new("refused"))

    assert _rows(refusing) == []
    assert [e.seq for e in log.append(_new("next"))] == [1]


def test_given_the_database_failing_mid_group_then_every_member_fails(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    log, go = GroupAppender(engine), threading.Event()

    def lock_then_gone(conn: Connection) -> tuple[int, str]:
        go.wait(10)  # the first caller leads and waits here while the others queue
        raise OperationalError("SELECT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(access_group, "lock_and_head", lock_then_gone)
    callers = [_Caller(log, _new(name)) for name in "abc"]
    callers[0].start()
    until(lambda: log.writing and log.queued == 0, every=0.005)
    for caller in callers[1:]:
        caller.start()
    until(lambda: log.queued == 2, every=0.005)
    go.set()
    for caller in callers:
        caller.join(10)

    assert all(isinstance(c.error, OperationalError) and c.entries == [] for c in callers)
    assert _rows(engine) == []
