"""The table the HTTP API keeps beside the read models (not a projection): idempotency keys.

A row is a reservation (`status` 0: its request runs, under a lease of `lease_until` that
the request renews; `generation` grows each time an expired lease is taken over, so only
the holder may store the answer) or a stored answer: status, the replayed headers and the
body, sealed (AES-GCM) when a cipher key is set, kept for the TTL only. `command_seed`
makes the ids a keyed request creates, the same for every attempt of that request.

Defined on the read models' shared `metadata` (one alembic history, `api.tables`); the
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
    sa.Column("generation", sa.Integer, nullable=False, server_default="1"),
    sa.Column("lease_until", UtcDateTime, nullable=True),
    sa.Column("command_seed", sa.String(36), nullable=True),
    sa.Index("ix_api_idempotency_created_at", "created_at"),
)
