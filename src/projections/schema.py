"""Read-model tables: one shared `MetaData` that alembic migrates and projectors write.

Rules for every read-model table (the rebuild swaps tables and alembic must stay quiet):
- never end a table name in `_events`, `_snapshots` or `_tracking`, nor name it `tracking`:
  those names belong to the event store and alembic's env.py ignores them;
- leave index and constraint names to the naming convention below (no explicit names),
  and prefer `Index(..., unique=True)` to `UniqueConstraint` (SQLite keeps constraint
  names inside its table DDL, so a swapped table would carry the shadow's names);
- no foreign keys between projection tables and no server-side sequences: positions and
  aggregate ids are the natural keys;
- define a read model's tables on this `metadata` in its package (e.g.
  `projections/finance/tables.py`), import that module in `load_all_tables()` below, then
  add an alembic revision (see `docs/read-models.md`).
"""

from __future__ import annotations

import importlib
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Dialect,
    Index,
    MetaData,
    String,
    Table,
    Text,
    false,
)
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)


# Every read model's table modules (the audit's tables are defined in this module).
TABLE_MODULES = (
    "projections.dashboard.tables",
    "projections.dashboard.tables_sales",
    "projections.finance.tables",
)


def load_all_tables() -> MetaData:
    """The shared metadata with every read-model table defined on it.

    A table module is imported by its own read model; alembic and the schema checks need
    them all at once (`api.tables.all_tables()` adds the API's own table)."""
    for module in TABLE_MODULES:
        importlib.import_module(module)
    return metadata


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on both stores (SQLite would drop the offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: read models store UTC only")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment: datetime = value
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


projection_positions = Table(
    "projection_positions",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("position", BigInteger, nullable=False),
    Column("event_time", UtcDateTime, nullable=True),
    Column("updated_at", UtcDateTime, nullable=False),
)

# When the store's head was first seen at each position (`projections.head_clock`): how
# long a projection has been behind is measured by recording time, not by the events'
# own business times (the demo's events are dated weeks back).
store_head_times = Table(
    "store_head_times",
    metadata,
    Column("position", BigInteger, primary_key=True, autoincrement=False),
    Column("seen_at", UtcDateTime, nullable=False),
)

# A projection that cannot apply an event records which one here, in a transaction of its
# own (the batch's rolled back), until it applies it; the row is deleted once it does.
projection_failures = Table(
    "projection_failures",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("position", BigInteger, nullable=False),
    Column("event_type", String(200), nullable=False),
    Column("since", UtcDateTime, nullable=False),
    Column("last_attempt_at", UtcDateTime, nullable=False),
    Column("attempts", BigInteger, nullable=False),
)

audit_entries = Table(
    "audit_entries",
    metadata,
    Column("position", BigInteger, primary_key=True, autoincrement=False),
    Column("originator_id", String(64), nullable=False),
    Column("originator_version", BigInteger, nullable=False),
    Column("aggregate_type", String(100), nullable=False),
    Column("event_type", String(100), nullable=False),
    Column("topic", Text, nullable=False),
    Column("occurred_at", UtcDateTime, nullable=True),
    Column("actor_id", String(200), nullable=True),
    Column("actor_role", String(50), nullable=True),
    Column("patient_id", String(64), nullable=True),
    Column("correlation_id", String(200), nullable=True),
    Column("summary", Text, nullable=False),
    Column("hash", String(64), nullable=False),
    Index(None, "originator_id", "originator_version"),
    Index(None, "patient_id", "position"),
    Index(None, "actor_id", "position"),
    Index(None, "aggregate_type", "event_type"),
    Index(None, "occurred_at"),
)

# Which patient an aggregate belongs to, learnt from its events that name one, so later
# events of a subscription or ledger are still found by patient.
audit_aggregate_patients = Table(
    "audit_aggregate_patients",
    metadata,
    Column("originator_id", String(64), primary_key=True),
    Column("patient_id", String(64), nullable=False),
)

# Ed25519-signed checkpoints of both chains, `events` and `access_log` (see
# projections/audit/checkpoints.py); each is also a line in the checkpoint log.
audit_checkpoints = Table(
    "audit_checkpoints",
    metadata,
    Column("chain", String(20), primary_key=True),
    Column("position", BigInteger, primary_key=True, autoincrement=False),
    Column("created_at", UtcDateTime, primary_key=True),
    Column("hash", String(64), nullable=False),
    Column("count", BigInteger, nullable=False),
    Column("key_id", String(64), nullable=False),
    Column("signature", String(128), nullable=False),
)

# The retired HMAC checkpoints (before migration 0008), kept as they were for the record:
# nothing writes or verifies them any more (docs/audit-chain.md says how to, by hand).
audit_checkpoints_hmac = Table(
    "audit_checkpoints_hmac",
    metadata,
    Column("position", BigInteger, primary_key=True, autoincrement=False),
    Column("hash", String(64), nullable=False),
    Column("count", BigInteger, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("signature", String(64), nullable=False),
)

access_log = Table(
    "access_log",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("at", UtcDateTime, nullable=False),
    Column("actor", String(200), nullable=False),
    Column("role", String(50), nullable=False),
    Column("patient_id", String(64), nullable=True),
    Column("resource", String(200), nullable=False),
    Column("outcome", String(50), nullable=False),
    # Break-the-glass: a reach outside the caller's data scope, with the reason they gave.
    Column("emergency", Boolean, nullable=False, server_default=false()),
    Column("reason", Text, nullable=False, server_default=""),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Index(None, "patient_id", "seq"),
    Index(None, "actor", "seq"),
    Index(None, "at"),
    Index(None, "emergency", "seq"),
)
