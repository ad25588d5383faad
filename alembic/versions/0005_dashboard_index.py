"""Dashboard: an index covering the summary's per-department counts by tier and VIP.

Revision ID: 0005_dashboard_index
Revises: 0004_api
Create Date: 2026-11-23 19:54:40.061429
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005_dashboard_index"
down_revision: str | Sequence[str] | None = "0004_api"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("dash_patients", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dash_patients_department_risk_tier_vip"),
            ["department", "risk_tier", "vip"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("dash_patients", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dash_patients_department_risk_tier_vip"))
