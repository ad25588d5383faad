"""Aggregates a process has already replayed, kept at the version it last saw.

A command (or an answer) loads each aggregate it touches from the event store: reading
every event and replaying it, each time, was about a fifth of the API's CPU per command
(py-spy, bench/http_commands.py: decoding 10 %, replaying 9 %). With the cache, `load`
reads only the events stored after the cached version — still from the store, in the same
one query — and applies those: an answer is exactly as fresh as without the cache, under
any number of worker processes, and saving stays optimistic as before.

No copies: an aggregate is *taken* out of the cache by the unit of work that loads it and
given back when that unit ends, only if it holds no unsaved events (it was saved, or never
changed); one that a refused or lost command changed is dropped. So a cached aggregate is
always one the store holds, and two requests never share an instance: the second to ask
for a taken aggregate replays it from the store, as before. Bounded: the least recently
given back go first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from uuid import UUID

from eventsourcing.domain import Aggregate


class AggregateCache:
    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self.hits = 0
        self.misses = 0
        self._items: OrderedDict[UUID, Aggregate] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def take(self, aggregate_id: UUID) -> Aggregate | None:
        """The cached aggregate, now the caller's alone (None if not held)."""
        with self._lock:
            found = self._items.pop(aggregate_id, None)
            if found is None:
                self.misses += 1
            else:
                self.hits += 1
            return found

    def give_back(self, aggregate: Aggregate) -> None:
        """Keep `aggregate` (saved or unchanged); of two instances the newer stays."""
        if aggregate.pending_events:
            raise ValueError("an aggregate with unsaved events is not what the store holds")
        with self._lock:
            held = self._items.get(aggregate.id)
            if held is None or held.version < aggregate.version:
                self._items[aggregate.id] = aggregate
            self._items.move_to_end(aggregate.id)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)
