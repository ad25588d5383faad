"""What the application tests check about saves: one contiguous write, its topics, races."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification

from domain.errors import DomainError


def assert_one_save(written: list[Notification], position: int | None) -> set[UUID]:
    """The events are contiguous in the store and `position` is the last; returns originators."""
    ids = [n.id for n in written]
    assert ids, "nothing was written"
    assert ids == list(range(ids[0], ids[0] + len(ids))), f"not contiguous: {ids}"
    assert position == ids[-1]
    return {n.originator_id for n in written}  # type: ignore[misc]


def topics(written: list[Notification]) -> list[str]:
    return [n.topic.rsplit(":", 1)[-1] for n in written]


def race(n: int, job: Callable[[int], Any]) -> list[Any]:
    """Run `job(i)` in n threads released together; each result, or the domain error raised."""
    barrier = Barrier(n)

    def run(i: int) -> Any:
        barrier.wait()
        try:
            return job(i)
        except DomainError as error:
            return error

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(run, range(n)))
