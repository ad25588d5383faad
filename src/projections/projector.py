"""The projector contract: a named read model, its tables, and one handler per event type."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime, tzinfo
from typing import Any, ClassVar, TypeVar

from eventsourcing.application import Application
from eventsourcing.persistence import Notification
from sqlalchemy import Connection, Table

Handler = Callable[[Any, Connection, int, Any], None]
F = TypeVar("F", bound=Callable[..., None])
Item = tuple[Notification, Any]
"""One notification as stored, with its decoded domain event."""


def handles(*event_types: type) -> Callable[[F], F]:
    """Mark a `Projector` method `(self, conn, position, event)` as the handler of these
    event classes (and subclasses): it writes rows through `conn`."""
    return _mark(ROW_HANDLER, event_types)


def handles_in_memory(*event_types: type) -> Callable[[F], F]:
    """Mark a `BatchProjector` method `(self, state, position, event)` as the handler of
    these event classes (and subclasses): it changes the batch's in-memory state only;
    the projector's `flush` writes once per batch."""
    return _mark(STATE_HANDLER, event_types)


ROW_HANDLER = "_handles"
STATE_HANDLER = "_handles_in_memory"


def _mark(marker: str, event_types: tuple[type, ...]) -> Callable[[F], F]:
    def mark(method: F) -> F:
        method.__dict__[marker] = event_types
        return method

    return mark


class Projector:
    """Base of every read model.

    A subclass sets `name` (unique, stable: it keys the stored position) and `tables`,
    and decorates methods `(self, conn, position, event)` with `@handles(EventClass)`
    (a `BatchProjector`'s take `@handles_in_memory`; mixing the two is a TypeError).
    Handlers run inside the batch's transaction, must be idempotent, and must write
    through `self.t[<table name>]` (never the module-level `Table`), so that a rebuild
    can point them at fresh shadow tables. A handler for a base class receives its
    subclasses' events too; events no handler wants are skipped.
    For speed a subclass may override `apply_batch` (one bulk statement per batch).
    """

    name: ClassVar[str]
    tables: ClassVar[tuple[Table, ...]]
    _handlers: ClassVar[dict[type, str]]
    decodes_events: ClassVar[bool] = True
    """False: the runner skips decoding and passes `(notification, None)` items; the
    projector reads the stored states itself (with what `bind` gave it)."""
    preferred_batch_size: ClassVar[int] = 500
    """The runner's batch size when it is given none."""

    handler_marker: ClassVar[str] = ROW_HANDLER
    """Which decorator this kind of projector takes (`handles` here)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        found: dict[type, str] = {}
        other = STATE_HANDLER if cls.handler_marker == ROW_HANDLER else ROW_HANDLER
        for klass in reversed(cls.__mro__):
            for attr, value in vars(klass).items():
                if getattr(value, other, None):
                    raise TypeError(
                        f"{cls.__name__}.{attr}: a {'row' if other == ROW_HANDLER else 'state'}"
                        f" handler on a projector whose handlers take the other contract"
                    )
                for event_type in getattr(value, cls.handler_marker, ()):
                    found[event_type] = attr
        cls._handlers = found

    def __init__(self, tables: Mapping[str, Table] | None = None) -> None:
        self.t: dict[str, Table] = {table.name: table for table in self.tables}
        self.t.update(tables or {})
        self._resolved: dict[type, Handler | None] = {}
        self.zone: tzinfo = UTC

    def bind(self, app: Application[Any]) -> None:
        """Called by each runner with the application it follows (e.g. for its mapper).

        Takes the hospital's time zone from the application's settings (UTC without them):
        the business day of an event's time is `self.day_of(moment)`."""
        settings = getattr(app, "settings", None)
        self.zone = settings.zone if settings is not None else UTC

    def day_of(self, moment: datetime) -> date:
        """The hospital's date at `moment` (a time without an offset is taken as UTC)."""
        aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
        return aware.astimezone(self.zone).date()

    def with_tables(self, tables: Mapping[str, Table]) -> Projector:
        """The same projector writing into other tables (keyed by the real names)."""
        return type(self)(tables)

    def handler_for(self, event_type: type) -> Handler | None:
        """The handler of this event class: its own, else the nearest base class's."""
        if event_type not in self._resolved:
            attr = next(
                (self._handlers[k] for k in event_type.__mro__ if k in self._handlers), None
            )
            self._resolved[event_type] = getattr(type(self), attr) if attr else None
        return self._resolved[event_type]

    def apply(self, conn: Connection, position: int, event: Any) -> None:
        """Dispatch one decoded event to its handler, if any."""
        handler = self.handler_for(type(event))
        if handler is not None:
            handler(self, conn, position, event)

    def apply_batch(self, conn: Connection, items: Sequence[Item]) -> None:
        """Apply a batch in notification order (override to write in bulk)."""
        for notification, event in items:
            self.apply(conn, notification.id, event)
