"""Finance series: each redemption row keeps the hospital day it was taken, so finance can
chart sales, redemptions and refunds per day and package (`GET /finance/series`).

Revision ID: 0014_finance_series
Revises: 0013_console
Create Date: 2026-12-03 18:00:00

`taken_on` is NULL on rows projected before this migration: run
`carepack projections rebuild finance` to fill it (until then those redemptions are left
out of the series; every other finance figure is unchanged).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_finance_series"
down_revision: str | Sequence[str] | None = "0013_console"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("fin_redemptions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("taken_on", sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f("ix_fin_redemptions_taken_on"), ["taken_on"])


def downgrade() -> None:
    with op.batch_alter_table("fin_redemptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fin_redemptions_taken_on"))
        batch_op.drop_column("taken_on")
