"""Dashboard: ID numbers already stored masked the old way (first 3 and last 4 shown)
are masked again, so at most the last 4 characters show (`domain.patient.mask_id_number`).

Revision ID: 0009_id_masks
Revises: 0008_audit
Create Date: 2026-12-03 13:00:00

Data only, no schema change. The old mask kept the last 4 characters and the length, so
the new mask of the old value equals the new mask of the number itself: rows read after
this migration are what a rebuild from the events would write. There is no way back (the
characters it hides are gone from the read model; the events still hold them, encrypted
when a cipher key is set).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_id_masks"
down_revision: str | Sequence[str] | None = "0008_audit"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("dash_registrations", "dash_patients")
STARS = "*" * 64  # the column's width
VISIBLE = 4

# substr/length/|| mean the same on SQLite and PostgreSQL (length counts characters).
REMASK = """
UPDATE {table} SET masked_id_number = CASE
    WHEN length(masked_id_number) >= :twice
    THEN substr(:stars, 1, length(masked_id_number) - :visible)
         || substr(masked_id_number, length(masked_id_number) - :visible + 1)
    ELSE substr(:stars, 1, length(masked_id_number))
END
"""


def upgrade() -> None:
    for table in TABLES:
        op.execute(
            sa.text(REMASK.format(table=table)).bindparams(
                stars=STARS, visible=VISIBLE, twice=2 * VISIBLE
            )
        )


def downgrade() -> None:
    pass  # the hidden characters cannot come back; the old mask showed more, never less
