"""Group commit for the event store on PostgreSQL: concurrent commands share a transaction.

The library's recorder gives every `save()` its own transaction: the table lock, a commit
and its flush each time, which caps commands near the single-row commit rate. Here
concurrent saves are written in one transaction under one lock (`application.grouping`:
the first saver to find no write running leads); each saver returns its notification ids
once that transaction has committed, or raises. A lone save goes through the library's own
path unchanged, so nobody waits to gather a group.

Each command stays one transaction of its own events in the sense that matters: its events
are committed all together or not at all, and optimistic concurrency still decides. The
group's events go in with one statement; if the store refuses them (a saver lost a race:
its aggregate's version is taken), the group is written again, each save under its own
savepoint, so only the savers that lost get `IntegrityError` and retry on fresh state.
If the lock or the commit fails, every saver of the group gets the error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import psycopg
from eventsourcing.persistence import IntegrityError, StoredEvent
from eventsourcing.postgres import PostgresAggregateRecorder, PostgresApplicationRecorder

from application.grouping import Grouping


@dataclass(eq=False)  # told apart by identity
class _Save:
    events: Sequence[StoredEvent]
    ids: list[int] = field(default_factory=list)
    error: Exception | None = None
    done: bool = False


class GroupCommitRecorder(PostgresApplicationRecorder):
    """The library's PostgreSQL application recorder, with concurrent saves group-committed
    (chosen by `APPLICATION_RECORDER_TOPIC`, see `application.store`)."""

    max_group = 200  # saves per transaction, so one transaction stays short

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.groups = 0  # transactions written for more than one save (tests, figures)
        self._grouping = Grouping[_Save](self._write, self.max_group)

    @property
    def queued(self) -> int:
        return self._grouping.queued

    @property
    def writing(self) -> bool:
        return self._grouping.writing

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any) -> Any:
        # `save()` passes `tracking=None`; anything more (a process recorder's tracking)
        # goes the library's way.
        if not stored_events or any(v is not None for v in kwargs.values()):
            return super().insert_events(stored_events, **kwargs)
        save = _Save(stored_events)
        self._grouping.submit(save)
        if save.error is not None:
            raise save.error
        return save.ids

    def _write(self, group: list[_Save]) -> None:
        """Write the group; every save ends `done`, with its ids or its error."""
        try:
            if len(group) == 1:
                group[0].ids = list(super().insert_events(group[0].events) or [])
                return
            self.groups += 1
            try:
                self._all_at_once(group)
            except IntegrityError:  # someone lost a race: find who, each alone
                self._one_by_one(group)
        except Exception as error:
            for save in group:
                if not save.ids:
                    save.error = save.error or error
        finally:
            for save in group:
                if not save.ids and save.error is None:
                    save.error = RuntimeError("the events were not recorded")
                save.done = True

    def _all_at_once(self, group: list[_Save]) -> None:
        events = [event for save in group for event in save.events]
        ids: list[int] = []
        failed: Exception | None = None
        with self.datastore.get_connection() as conn:  # psycopg errors -> the library's
            with conn.pipeline() as pipeline, conn.transaction():
                with conn.cursor() as curs:
                    self._lock_table(curs)
                    self._notify_channel(curs)
                with conn.cursor() as curs:
                    try:
                        PostgresAggregateRecorder._insert_stored_events(self, curs, events)
                        pipeline.sync()  # a refusal raises here, not at commit
                        ids = list(self._fetch_ids_after_insert_events(curs, events) or [])
                    except Exception as error:
                        failed = error  # raised once the pipeline has ended (as the library)
            if failed is not None:
                raise failed
        start = 0
        for save in group:  # RETURNING gives the ids in insertion order
            save.ids, start = ids[start : start + len(save.events)], start + len(save.events)

    def _one_by_one(self, group: list[_Save]) -> None:
        written: dict[_Save, list[int]] = {}
        with self.datastore.get_connection() as conn, conn.transaction():
            with conn.cursor() as curs:
                self._lock_table(curs)
                self._notify_channel(curs)
            for save in group:
                try:
                    with conn.transaction(), conn.cursor() as curs:  # a savepoint
                        PostgresAggregateRecorder._insert_stored_events(self, curs, save.events)
                        ids = self._fetch_ids_after_insert_events(curs, save.events)
                except psycopg.IntegrityError as error:
                    save.error = IntegrityError(str(error))
                    continue
                written[save] = list(ids or [])
        for save, ids in written.items():  # committed
            save.ids = ids
