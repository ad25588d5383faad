"""Robust projections: a package's name is Text, and a table of projections' failures.

`dash_packages.name` was varchar(300) while a display change could write any length: one
longer name stopped the dashboard for good. A display name has no width to line up with, so
it is Text. `projection_failures` holds the event a projection cannot apply (position and
type, never the error's text) for `projections status`, /metrics and /ready.

Revision ID: 0010_limits
Revises: 0009_id_masks
Create Date: 2026-12-03 14:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_limits"
down_revision: str | Sequence[str] | None = "0009_id_masks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("dash_packages", schema=None) as batch_op:
        batch_op.alter_column(
            "name", existing_type=sa.String(length=300), type_=sa.Text(), existing_nullable=False
        )
    op.create_table(
        "projection_failures",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("event_type", sa.String(length=200), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_projection_failures")),
    )


def downgrade() -> None:
    op.drop_table("projection_failures")
    with op.batch_alter_table("dash_packages", schema=None) as batch_op:
        batch_op.alter_column(
            "name", existing_type=sa.Text(), type_=sa.String(length=300), existing_nullable=False
        )
