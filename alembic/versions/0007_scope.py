"""Data scope: break-the-glass in the access log; finance keeps amounts, not free text.

- `access_log` gains `emergency` and `reason` (an access outside the caller's data scope,
  with the reason they gave); existing entries are ordinary accesses, and their hashes
  still verify (docs/audit-chain.md).
- `fin_refunds` drops the patient's reason text, the note of the call agreeing the amount
  and the rejection reason: finance gets money fields only (minimum necessary). A rebuild
  of the finance projection fills nothing else in, so nothing is lost that it needs.
- `dash_timeline` gains the department of an episode's entries, so staff see the entries
  of their departments' episodes only (run `carepack projections rebuild dashboard` to
  fill it for entries projected before; until then they show to staff in scope as before).

Revision ID: 0007_scope
Revises: 0006_dashboard_patient_indexes
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_scope"
down_revision: str | Sequence[str] | None = "0006_dashboard_patient_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FINANCE_TEXT = ("reason_text", "agreed_note", "rejection_reason")


def upgrade() -> None:
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("emergency", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("reason", sa.Text(), nullable=False, server_default=""))
        batch_op.create_index(batch_op.f("ix_access_log_emergency_seq"), ["emergency", "seq"])
    with op.batch_alter_table("fin_refunds", schema=None) as batch_op:
        for column in FINANCE_TEXT:
            batch_op.drop_column(column)
    with op.batch_alter_table("dash_timeline", schema=None) as batch_op:
        batch_op.add_column(sa.Column("department", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("dash_timeline", schema=None) as batch_op:
        batch_op.drop_column("department")
    # The dropped text is not restored: rebuild the finance projection after downgrading.
    with op.batch_alter_table("fin_refunds", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reason_text", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("agreed_note", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("rejection_reason", sa.Text(), nullable=True))
    # Emergency entries lose their flag and reason, so their hashes no longer verify:
    # export the access log (`carepack audit export --access-log`) before downgrading.
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_log_emergency_seq"))
        batch_op.drop_column("reason")
        batch_op.drop_column("emergency")
