"""Every table alembic migrates: the read models' and the API's own (idempotency keys)."""

from __future__ import annotations

from sqlalchemy import MetaData

from api import idempotency_table
from projections.schema import load_all_tables


def all_tables() -> MetaData:
    """The shared metadata with every migrated table on it."""
    load_all_tables()
    return idempotency_table.api_idempotency.metadata
