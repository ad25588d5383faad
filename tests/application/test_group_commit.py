"""Group commit on PostgreSQL: concurrent saves share one transaction, each saver still gets
its own notification ids only once committed, and a saver that lost a race fails alone."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID, uuid4

import psycopg
import pytest
from eventsourcing.persistence import IntegrityError, OperationalError, StoredEvent

from application.group_commit import GroupCommitRecorder
from tests.clinic import Clinic
from tests.expect import until

pytestmark = pytest.mark.postgres


def _events(originator: UUID, *versions: int) -> list[StoredEvent]:
    return [StoredEvent(originator, v, "tests:Event", b"{}") for v in versions]


class _Saver(threading.Thread):
    def __init__(self, recorder: GroupCommitRecorder, events: list[StoredEvent]) -> None:
        super().__init__()
        self.recorder, self.events = recorder, events
        self.ids: list[int] = []
        self.error: Exception | None = None

    def run(self) -> None:
        try:
            self.ids = list(self.recorder.insert_events(self.events, tracking=None))  # as save()
        except Exception as error:
            self.error = error


@contextmanager
def _store_locked(clinic: Clinic) -> Iterator[None]:
    """Another process's save in progress: the events table's lock held."""
    recorder = clinic.app.recorder
    with psycopg.connect(clinic.app.settings.database_url) as conn:
        conn.execute(f"LOCK TABLE {recorder.events_table_name} IN EXCLUSIVE MODE")
        yield
        conn.rollback()


def _grouped(clinic: Clinic, saves: list[list[StoredEvent]]) -> list[_Saver]:
    """The first saver leads alone while the store is locked; the others queue behind it
    and are then written as one group."""
    recorder = clinic.app.recorder
    assert isinstance(recorder, GroupCommitRecorder)
    savers = [_Saver(recorder, events) for events in saves]
    with _store_locked(clinic):
        savers[0].start()
        until(lambda: recorder.writing and recorder.queued == 0, every=0.005)
        for saver in savers[1:]:
            saver.start()
        until(lambda: recorder.queued == len(savers) - 1, every=0.005)
    for saver in savers:
        saver.join(10)
    return savers


def _stored(clinic: Clinic, originator: UUID) -> list[int]:
    return [e.originator_version for e in clinic.app.recorder.select_events(originator)]


def test_given_concurrent_saves_then_they_share_one_commit_and_get_their_own_ids(
    pg_clinic: Clinic,
) -> None:
    ids = [uuid4() for _ in range(6)]

    savers = _grouped(pg_clinic, [_events(i, *range(1, 2 + n % 3)) for n, i in enumerate(ids)])

    recorder = pg_clinic.app.recorder
    assert [s.error for s in savers] == [None] * 6
    assert isinstance(recorder, GroupCommitRecorder) and recorder.groups == 1
    notifications = {n.id: n for n in recorder.select_notifications(start=1, limit=100)}
    for saver in savers:  # each saver's ids are its own events, in order
        assert len(saver.ids) == len(saver.events)
        assert [(notifications[i].originator_id, notifications[i].originator_version)
                for i in saver.ids] == [(e.originator_id, e.originator_version)
                                        for e in saver.events]  # fmt: skip


def test_given_a_group_when_one_saver_lost_a_race_then_only_it_fails(pg_clinic: Clinic) -> None:
    first, taken, other = uuid4(), uuid4(), uuid4()

    savers = _grouped(pg_clinic, [
        _events(first, 1), _events(taken, 1, 2), _events(taken, 1), _events(other, 1, 2, 3)
    ])  # fmt: skip

    lone, winner, loser, bystander = savers
    assert (lone.error, winner.error, bystander.error) == (None, None, None)
    assert isinstance(loser.error, IntegrityError) and loser.ids == []
    assert _stored(pg_clinic, taken) == [1, 2] and _stored(pg_clinic, other) == [1, 2, 3]
    assert len(set(winner.ids + bystander.ids + lone.ids)) == 6


def test_given_the_database_failing_mid_group_then_every_saver_fails(
    pg_clinic: Clinic, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = pg_clinic.app.recorder
    assert isinstance(recorder, GroupCommitRecorder)
    go = threading.Event()

    def lock_then_fail(curs: Any) -> None:
        go.wait(10)  # the first saver leads and waits here while the others queue
        raise psycopg.OperationalError("server closed the connection")

    monkeypatch.setattr(recorder, "_lock_table", lock_then_fail)
    savers = [_Saver(recorder, _events(uuid4(), 1)) for _ in range(3)]
    savers[0].start()
    until(lambda: recorder.writing and recorder.queued == 0, every=0.005)
    for saver in savers[1:]:
        saver.start()
    until(lambda: recorder.queued == 2, every=0.005)
    go.set()
    for saver in savers:
        saver.join(10)

    assert all(isinstance(s.error, OperationalError) and s.ids == [] for s in savers)
    assert recorder.select_notifications(start=1, limit=10) == []


def test_given_concurrent_commands_when_saved_then_they_are_group_committed(
    pg_clinic: Clinic,
) -> None:
    recorder = pg_clinic.app.recorder
    assert isinstance(recorder, GroupCommitRecorder)
    made: list[UUID] = []
    threads = [threading.Thread(target=lambda: made.append(pg_clinic.patient())) for _ in range(4)]

    with _store_locked(pg_clinic):
        threads[0].start()
        until(lambda: recorder.writing and recorder.queued == 0, every=0.005)
        for thread in threads[1:]:
            thread.start()
        until(lambda: recorder.queued == 3, every=0.005)
    for thread in threads:
        thread.join(10)

    assert len(made) == 4 and recorder.groups >= 1
    assert all(pg_clinic.app.repository.get(patient) for patient in made)
