"""Idempotency reservations get a lease and a generation; answers expire.

`generation` fences a reservation taken over after its lease expired (the old holder may
no longer store its answer), `lease_until` is renewed by the running request, and
`command_seed` derives the ids a keyed request creates. `created_at` is indexed for the
purge of answers older than CAREPACK_IDEMPOTENCY_TTL_HOURS. Rows kept from before hold
clear-text bodies: they are purged with the rest once older than the TTL.

Revision ID: 0012_faults
Revises: 0011_head_times
Create Date: 2026-12-03 15:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_faults"
down_revision: str | Sequence[str] | None = "0011_head_times"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("api_idempotency", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("generation", sa.Integer(), nullable=False, server_default="1")
        )
        batch_op.add_column(sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("command_seed", sa.String(length=36), nullable=True))
        batch_op.create_index("ix_api_idempotency_created_at", ["created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("api_idempotency", schema=None) as batch_op:
        batch_op.drop_index("ix_api_idempotency_created_at")
        batch_op.drop_column("command_seed")
        batch_op.drop_column("lease_until")
        batch_op.drop_column("generation")
