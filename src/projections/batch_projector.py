"""A projector that applies each batch in memory: read once, handle in order, write once.

Subclasses give the batch's state (`new_state`: an object whose `load(conn, events)`
reads every row the batch's events can touch) and `flush(conn, state)`, which recomputes
derived rows once per touched key and writes each table with one statement. Handlers
`(self, state, position, event)`, marked `@handles_in_memory(EventClass)`, change the
state only. Used by the dashboard and finance.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, cast

from sqlalchemy import Connection

from projections.projector import STATE_HANDLER, Item, Projector

Event = tuple[int, Any]  # (position, decoded event)


class BatchState(Protocol):
    def load(self, conn: Connection, events: Sequence[Event]) -> None: ...


class BatchProjector(Projector):
    handler_marker = STATE_HANDLER

    def new_state(self) -> BatchState:
        raise NotImplementedError

    def flush(self, conn: Connection, state: Any) -> None:
        raise NotImplementedError

    def after_event(self, state: Any, position: int, event: Any) -> None:
        """Called after each event's handler (if any); nothing by default."""

    def apply(self, conn: Connection, position: int, event: Any) -> None:
        self.apply_events(conn, [(position, event)])

    def apply_batch(self, conn: Connection, items: Sequence[Item]) -> None:
        self.apply_events(conn, [(notification.id, event) for notification, event in items])

    def apply_events(self, conn: Connection, events: Sequence[Event]) -> None:
        """Apply (position, event) pairs in order in memory, then write each table once."""
        state = self.new_state()
        state.load(conn, events)
        for position, event in events:
            handler = self.handler_for(type(event))
            if handler is not None:
                cast(Any, handler)(self, state, position, event)
            self.after_event(state, position, event)
        self.flush(conn, state)
