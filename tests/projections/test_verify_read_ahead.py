"""The verifier's read-ahead: same rows in order, stops cleanly, and fetch errors surface."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from projections.audit.verify import _read_ahead


def _pages(count: int, size: int = 3) -> Iterator[list[int]]:
    for page in range(count):
        yield [page * size + i for i in range(size)]


def test_read_ahead_yields_every_row_in_order() -> None:
    assert list(_read_ahead(_pages(10))) == list(range(30))


def test_a_reader_that_stops_early_leaves_no_fetching_thread() -> None:
    before = threading.active_count()
    rows = _read_ahead(_pages(1000), depth=1)
    assert [next(rows) for _ in range(4)] == [0, 1, 2, 3]
    rows.close()  # what returning from the verifier's loop does
    assert threading.active_count() == before


def test_an_error_while_fetching_is_raised_to_the_reader() -> None:
    def failing() -> Iterator[list[int]]:
        yield [1, 2]
        raise ConnectionError("the database went away")

    rows = _read_ahead(failing())
    with pytest.raises(ConnectionError, match="went away"):
        list(rows)
