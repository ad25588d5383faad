"""Queries that run on an engine (a connection of their own) or inside the caller's.

The API reads one answer's rows and the position it reports in one transaction
(`api.read_models.reads`), so its queries take either.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine

Db = Connection | Engine


@contextmanager
def connected(db: Db) -> Iterator[Connection]:
    """The caller's connection as it is (left open), or a new one of the engine's."""
    if isinstance(db, Engine):
        with db.connect() as conn:
            yield conn
    else:
        yield db
