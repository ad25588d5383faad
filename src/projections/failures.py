"""Which event a projection cannot apply: recorded for operators, cleared once it applies.

Kept in the read-model database (`projection_failures`), so `carepack projections status`,
/metrics and /ready see a projection failing in any process. Only the position and the
event's type are recorded — never the error's text, which may quote SQL and the event's
personal data; the full exception goes to the log of the process that hit it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, delete, insert, select, update

from projections.schema import projection_failures as failures

_EVENT_TYPE = 200  # the width of projection_failures.event_type


@dataclass(frozen=True)
class Failure:
    """The event at `position` (of `event_type`) failed `attempts` times, first at `since`."""

    position: int
    event_type: str
    since: datetime
    last_attempt_at: datetime
    attempts: int


def event_type_of(topic: str) -> str:
    """`domain.care:EpisodeCare.FollowUpScheduled` -> `EpisodeCare.FollowUpScheduled`."""
    return topic.rpartition(":")[2][:_EVENT_TYPE]


def record(engine: Engine, name: str, position: int, event_type: str) -> Failure:
    """One more failed attempt at `position`; a new position starts the count again."""
    now = datetime.now(UTC)
    with engine.begin() as conn:
        found = read(conn, name)
        if found is not None and found.position == position:
            attempts = found.attempts + 1
            conn.execute(
                update(failures)
                .where(failures.c.name == name)
                .values(last_attempt_at=now, attempts=attempts)
            )
            return Failure(position, found.event_type, found.since, now, attempts)
        conn.execute(delete(failures).where(failures.c.name == name))
        conn.execute(
            insert(failures).values(
                name=name, position=position, event_type=event_type, since=now,
                last_attempt_at=now, attempts=1,
            )
        )  # fmt: skip
    return Failure(position, event_type, now, now, 1)


def clear(engine: Engine, name: str) -> None:
    with engine.begin() as conn:
        conn.execute(delete(failures).where(failures.c.name == name))


def read(conn: Connection, name: str) -> Failure | None:
    row = conn.execute(select(failures).where(failures.c.name == name)).first()
    if row is None:
        return None
    return Failure(
        int(row.position), str(row.event_type), row.since, row.last_attempt_at, int(row.attempts)
    )
