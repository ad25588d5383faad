"""When the store's head was first seen at each position: lag measured by recording time.

`/ready`'s `seconds_behind` compared the oldest unapplied event's own (business) time with
now, and read days on the demo, whose events are dated weeks back. The projections host
now samples the head every second into `store_head_times` (see `projections.head_clock`).

Revision ID: 0011_head_times
Revises: 0010_limits
Create Date: 2026-12-03 15:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_head_times"
down_revision: str | Sequence[str] | None = "0010_limits"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "store_head_times",
        sa.Column("position", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("position", name=op.f("pk_store_head_times")),
    )


def downgrade() -> None:
    op.drop_table("store_head_times")
