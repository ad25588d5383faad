"""Group commit's leader and followers, for whatever one transaction can write for many.

Callers `submit` a member each. The first to find no write running leads: it takes every
member queued so far (its own included, at most `max_group`), hands them to `write` and,
once it returns, wakes the others. A member queued while a group is being written goes in
the next one. A lone caller writes at once: nobody waits to gather a group. `write` must
end every member of its group `done` (with its result or its error) and never raise an
`Exception`. Used by the event store (`application.group_commit`) and the access log
(`projections.audit.access_group`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar


class Member(Protocol):
    done: bool


M = TypeVar("M", bound=Member)


class Grouping(Generic[M]):
    def __init__(self, write: Callable[[list[M]], None], max_group: int) -> None:
        self.write = write
        self.max_group = max_group
        self._cond = threading.Condition()
        self._queue: list[M] = []
        self._leading = False

    @property
    def queued(self) -> int:
        """Members waiting for the next group (not yet being written)."""
        with self._cond:
            return len(self._queue)

    @property
    def writing(self) -> bool:
        with self._cond:
            return self._leading

    def submit(self, member: M) -> None:
        """Return once `member` is done: written by this caller's group or another's."""
        with self._cond:
            self._queue.append(member)
        while True:
            with self._cond:
                while self._leading and not member.done:
                    self._cond.wait()
                if member.done:
                    return
                self._leading = True
                group = self._queue[: self.max_group]
                del self._queue[: self.max_group]
            try:
                self.write(group)
            finally:
                with self._cond:
                    self._leading = False
                    self._cond.notify_all()
