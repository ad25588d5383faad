"""Any aggregate's state as of a moment: replay its stored events up to that time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import Application


@dataclass(frozen=True)
class StateAsOf:
    """The aggregate as it was (None if it did not exist yet) and the events replayed."""

    aggregate: Any | None
    events: list[Any]


def state_as_of(app: Application[Any], originator_id: UUID, as_of: datetime) -> StateAsOf:
    """Replay the events with timestamp <= `as_of` (timezone-aware) through `mutate`.

    Snapshots are not used: they were taken at other moments. Events are read from
    the store (decrypted with the application's cipher, if any), oldest first.
    """
    if as_of.tzinfo is None:
        raise ValueError("as_of must be timezone-aware")
    aggregate: Any | None = None
    used: list[Any] = []
    event: Any  # any aggregate's events: duck-typed `timestamp` and `mutate`
    for event in app.events.get(originator_id):
        if event.timestamp > as_of:
            break
        aggregate = event.mutate(aggregate)
        used.append(event)
    return StateAsOf(aggregate=aggregate, events=used)
