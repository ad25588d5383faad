"""Expectations every layer's tests share: a broken rule raises exactly its domain error;
something another thread does happens within a deadline; which aggregates were replayed."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar
from uuid import UUID

import pytest

from domain.errors import DomainError

T = TypeVar("T")


@contextmanager
def broken(error: type[DomainError], code: str) -> Iterator[pytest.ExceptionInfo[DomainError]]:
    """Expect exactly `error` (not a parent or a sibling) carrying its stable `code`."""
    with pytest.raises(DomainError) as info:
        yield info
    assert type(info.value) is error, f"{type(info.value).__name__}: {info.value}"
    assert info.value.code == code


def until(check: Callable[[], T], seconds: float = 10.0, every: float = 0.02) -> T:
    """Poll `check` every `every` seconds until it answers something true; return that.
    Fails the test after `seconds`."""
    deadline = time.monotonic() + seconds
    while not (found := check()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(every)
    return found


def replays(app: Any, monkeypatch: pytest.MonkeyPatch) -> list[UUID]:
    """From now on, every aggregate id `app`'s repository replays from its first event, in
    order (a load fast-forwarded from the aggregate cache is not one)."""
    replayed: list[UUID] = []
    get = app.repository.get

    def counted(aggregate_id: UUID, *args: Any, **kwargs: Any) -> Any:
        replayed.append(aggregate_id)
        return get(aggregate_id, *args, **kwargs)

    monkeypatch.setattr(app.repository, "get", counted)
    return replayed
