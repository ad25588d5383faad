"""Dashboard: patient_id indexes on follow-ups, redemptions and refunds.

Revision ID: 0006_dashboard_patient_indexes
Revises: 0005_dashboard_index
Create Date: 2026-11-23 22:25:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006_dashboard_patient_indexes"
down_revision: str | Sequence[str] | None = "0005_dashboard_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("dash_follow_ups", "dash_redemptions", "dash_refunds")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f"ix_{table}_patient_id"), ["patient_id"])


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_patient_id"))
