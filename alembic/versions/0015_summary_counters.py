"""The dashboard summary's counters: per department, a count per (counter, key).

The summary used to count rows per request (linear in a department's size); the
projection now keeps these counters (`projections/dashboard/counters.py`). They are filled
here from the rows already projected, by the same rules, so nothing needs a rebuild.

Revision ID: 0015_summary_counters
Revises: 0014_finance_series
Create Date: 2026-12-03 17:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_summary_counters"
down_revision: str | Sequence[str] | None = "0014_finance_series"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (counter, key expression, table, condition): the rules of counters.fact_counts and
# counters.list_counts, which are those of the worklists (projections/dashboard/worklists.py).
RULES = [
    ("episodes_by_stage", "stage", "dash_episodes", "1 = 1"),
    ("at_risk_without_plan", "''", "dash_episodes",
     "risk_tier IN ('at_risk', 'malnourished') AND NOT has_care_plan "
     "AND stage NOT IN ('closed', 'cancelled')"),
    ("follow_ups_due", "{day}(due_on)", "dash_follow_ups",
     "status = 'scheduled' AND episode_open"),
    ("pending_consultations", "''", "dash_subscriptions", "status = 'awaiting_consultation'"),
    ("ending_soon", "{day}(ends_on)", "dash_subscriptions",
     "status = 'active' AND ends_on IS NOT NULL"),
    ("unconfirmed_redemptions", "''", "dash_redemptions", "status IN ('claimed', 'disputed')"),
    ("open_refunds", "''", "dash_refunds", "status IN ('requested', 'quoted', 'agreed')"),
    ("risk_tier", "COALESCE(risk_tier, '')", "dash_patients", "1 = 1"),
    ("vip", "''", "dash_patients", "vip"),
]  # fmt: skip


def upgrade() -> None:
    op.create_table(
        "dash_counters",
        sa.Column("department", sa.String(length=100), nullable=False),
        sa.Column("counter", sa.String(length=30), nullable=False),
        sa.Column("key", sa.String(length=30), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("department", "counter", "key"),
    )
    # ISO dates as text: SQLite stores them so already.
    day = "to_char({}, 'YYYY-MM-DD')" if op.get_bind().dialect.name == "postgresql" else "{}"
    for counter, key, table, condition in RULES:
        key = key.replace("{day}(due_on)", day.format("due_on"))
        key = key.replace("{day}(ends_on)", day.format("ends_on"))
        groups = "department" if key == "''" else f"department, {key}"  # no constants
        op.execute(
            f"INSERT INTO dash_counters (department, counter, key, count) "
            f"SELECT department, '{counter}', {key}, COUNT(*) FROM {table} "
            f"WHERE department IS NOT NULL AND {condition} GROUP BY {groups}"
        )


def downgrade() -> None:
    op.drop_table("dash_counters")
