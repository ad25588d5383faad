"""The aggregate base: every event records its actor and correlation id, and clock time."""

from __future__ import annotations

from datetime import datetime

from eventsourcing.domain import Aggregate

from domain.context import Actor, event_time


class CarepackAggregate(Aggregate):
    """Base for Carepack's aggregates; ids are given by the caller (or derived)."""

    class Event(Aggregate.Event):
        actor: Actor
        correlation_id: str

        @staticmethod
        def create_timestamp() -> datetime:
            return event_time()

    class Created(Event, Aggregate.Created):
        pass
