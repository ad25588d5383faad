"""Tables the HTTP API keeps beside the read models (not projections): idempotency keys.

Defined here, on the shared `metadata`, so alembic's `load_all_tables()` finds them; the
API (`api.idempotency`) is the only writer. Never rebuilt: they do not come from events.
"""

from __future__ import annotations

import sqlalchemy as sa

from projections.schema import UtcDateTime, metadata

IDEMPOTENCY_KEY_LENGTH = 200

api_idempotency = sa.Table(
    "api_idempotency",
    metadata,
    sa.Column("key", sa.String(IDEMPOTENCY_KEY_LENGTH), primary_key=True),
    sa.Column("principal", sa.String(200), primary_key=True),
    sa.Column("request_hash", sa.String(64), nullable=False),
    sa.Column("status", sa.Integer, nullable=False),
    sa.Column("headers", sa.Text, nullable=False),
    sa.Column("body", sa.LargeBinary, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
)
