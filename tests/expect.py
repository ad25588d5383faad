"""Expectations every layer's tests share: a broken rule raises exactly its domain error."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from domain.errors import DomainError


@contextmanager
def broken(error: type[DomainError], code: str) -> Iterator[pytest.ExceptionInfo[DomainError]]:
    """Expect exactly `error` (not a parent or a sibling) carrying its stable `code`."""
    with pytest.raises(DomainError) as info:
        yield info
    assert type(info.value) is error, f"{type(info.value).__name__}: {info.value}"
    assert info.value.code == code
