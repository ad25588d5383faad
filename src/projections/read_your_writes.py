"""Read-your-writes: wait until projections have applied a given store position."""

from __future__ import annotations

import time
from collections.abc import Iterable

from sqlalchemy import Engine, func, select

from projections.schema import projection_positions as positions


class ProjectionTimeout(TimeoutError):
    """A projection did not reach the awaited position in time."""

    def __init__(self, names: list[str], position: int, timeout: float) -> None:
        super().__init__(
            f"projection(s) {', '.join(names)} did not reach position {position} in {timeout}s"
        )
        self.names = names
        self.position = position


def lagging(engine: Engine, names: Iterable[str], position: int) -> list[str]:
    """The projections among `names` whose recorded position is still below `position`."""
    wanted = sorted(set(names))
    with engine.connect() as conn:
        rows = conn.execute(
            select(positions.c.name, func.max(positions.c.position))
            .where(positions.c.name.in_(wanted))
            .group_by(positions.c.name)
        ).all()
    reached = {name for name, at in rows if at is not None and at >= position}
    return [name for name in wanted if name not in reached]


def wait_for_position(
    engine: Engine,
    names: str | Iterable[str],
    position: int | None,
    *,
    timeout: float = 2.0,
    max_interval: float = 0.05,
) -> None:
    """Return once every named projection has applied `position`; else ProjectionTimeout.

    A command's response carries the position of its last event; a query given
    `after=<position>` calls this first so the client reads its own writes. Positions
    are store-wide, so a projection that ignores the event still passes it.
    """
    if position is None or position <= 0:
        return
    wanted = [names] if isinstance(names, str) else list(names)
    deadline = time.monotonic() + timeout
    interval = 0.002
    while True:
        behind = lagging(engine, wanted, position)
        if not behind:
            return
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise ProjectionTimeout(behind, position, timeout)
        time.sleep(min(interval, remaining))
        interval = min(interval * 2, max_interval)
