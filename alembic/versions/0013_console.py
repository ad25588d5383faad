"""Console: the dashboard's registrations hold who the patient is (name, sex, birth date,
phone), so the staff patient list and worklists name their patients and search them.

Revision ID: 0013_console
Revises: 0012_faults
Create Date: 2026-12-03 15:00:00

The new columns are NULL on rows projected before this migration: run
`carepack projections rebuild dashboard` to fill them (until then those patients show
without a name and a search by name or phone does not find them).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_console"
down_revision: str | Sequence[str] | None = "0012_faults"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME, CHOICE, PHONE = 200, 40, 40  # domain.limits.NAME, CHOICE, PHONE


def upgrade() -> None:
    with op.batch_alter_table("dash_registrations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name", sa.String(length=NAME), nullable=True))
        batch_op.add_column(sa.Column("sex", sa.String(length=CHOICE), nullable=True))
        batch_op.add_column(sa.Column("birth_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("phone", sa.String(length=PHONE), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("dash_registrations", schema=None) as batch_op:
        for column in ("phone", "birth_date", "sex", "name"):
            batch_op.drop_column(column)
