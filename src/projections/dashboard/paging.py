"""Keyset pagination with opaque cursors: the last row's sort key, encoded."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from sqlalchemy import Column, Date, Engine, Integer, Select, String, tuple_

from projections import reading

T = TypeVar("T")
Db = reading.Db
MAX_LIMIT = 200
_INT64 = 2**63


class InvalidCursor(ValueError):
    """The cursor was not made by this list (or was tampered with)."""


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


def check_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be 1 to {MAX_LIMIT}")
    return limit


def encode(values: Sequence[Any]) -> str:
    plain = [v.isoformat() if isinstance(v, date) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


def decode(cursor: str, columns: Sequence[Column[Any]]) -> list[Any]:
    """The sort key a cursor carries, each value of its column's type: anything else (a
    cursor we did not make) would reach the database as a type error or an overflow."""
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(raw, list) or len(raw) != len(columns):
            raise InvalidCursor("malformed cursor")
        return [_value(c, v) for c, v in zip(columns, raw, strict=True)]
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError) as error:
        raise InvalidCursor("malformed cursor") from error


def _value(column: Column[Any], value: Any) -> Any:
    kind = column.type
    if value is None and column.nullable:
        return None
    if isinstance(kind, Date) and isinstance(value, str):
        return date.fromisoformat(value)
    if isinstance(kind, Integer) and type(value) is int and -_INT64 <= value < _INT64:
        return value
    if (
        isinstance(kind, String)
        and isinstance(value, str)
        and len(value) <= (kind.length or 10_000)
    ):
        return value
    raise InvalidCursor("malformed cursor")


def run(db: Db, query: Select[Any]) -> list[Any]:
    if isinstance(db, Engine):
        with db.connect() as conn:
            return list(conn.execute(query).mappings().all())
    return list(db.execute(query).mappings().all())


def keyset(
    db: Db,
    query: Select[Any],
    order: Sequence[Column[Any]],
    cursor: str | None,
    limit: int,
    make: Callable[[Any], T],
) -> Page[T]:
    """One page of `query` ordered by `order` (a unique key), after `cursor`."""
    check_limit(limit)
    if cursor:
        query = query.where(tuple_(*order) > tuple_(*decode(cursor, order)))
    rows = run(db, query.order_by(*order).limit(limit + 1))
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode([rows[-1][c.name] for c in order]) if more and rows else None
    return Page([make(row) for row in rows], next_cursor)
