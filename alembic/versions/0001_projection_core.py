"""Projection core: positions, audit entries and checkpoints, access log.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "projection_positions",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_projection_positions")),
    )
    op.create_table(
        "audit_entries",
        sa.Column("position", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("originator_id", sa.String(length=64), nullable=False),
        sa.Column("originator_version", sa.BigInteger(), nullable=False),
        sa.Column("aggregate_type", sa.String(length=100), nullable=False),
        sa.Column("event_type", sa.String(length=100), nullable=False),
        sa.Column("topic", sa.Text(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("actor_id", sa.String(length=200), nullable=True),
        sa.Column("actor_role", sa.String(length=50), nullable=True),
        sa.Column("patient_id", sa.String(length=64), nullable=True),
        sa.Column("correlation_id", sa.String(length=200), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("position", name=op.f("pk_audit_entries")),
    )
    for columns in (
        ["originator_id", "originator_version"],
        ["patient_id", "position"],
        ["actor_id", "position"],
        ["aggregate_type", "event_type"],
        ["occurred_at"],
    ):
        op.create_index(op.f("ix_audit_entries_" + "_".join(columns)), "audit_entries", columns)
    op.create_table(
        "audit_aggregate_patients",
        sa.Column("originator_id", sa.String(length=64), nullable=False),
        sa.Column("patient_id", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("originator_id", name=op.f("pk_audit_aggregate_patients")),
    )
    op.create_table(
        "audit_checkpoints",
        sa.Column("position", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signature", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("position", name=op.f("pk_audit_checkpoints")),
    )
    op.create_table(
        "access_log",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=50), nullable=False),
        sa.Column("patient_id", sa.String(length=64), nullable=True),
        sa.Column("resource", sa.String(length=200), nullable=False),
        sa.Column("outcome", sa.String(length=50), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_access_log")),
    )
    for columns in (["patient_id", "seq"], ["actor", "seq"], ["at"]):
        op.create_index(op.f("ix_access_log_" + "_".join(columns)), "access_log", columns)


def downgrade() -> None:
    for table in (
        "access_log",
        "audit_checkpoints",
        "audit_aggregate_patients",
        "audit_entries",
        "projection_positions",
    ):
        op.drop_table(table)  # drops the table's indexes with it
