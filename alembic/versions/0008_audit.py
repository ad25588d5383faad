"""Audit: Ed25519-signed checkpoints of both chains; the HMAC checkpoints are retired.

The old rows move, unchanged, to `audit_checkpoints_hmac` (kept for the record; nothing
writes or verifies them any more), and `audit_checkpoints` is made anew for checkpoints
of the events chain and the access log. Copying, rather than renaming, keeps the primary
key's name free on PostgreSQL and SQLite alike.

Revision ID: 0008_audit
Revises: 0007_scope
Create Date: 2026-12-04 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_audit"
down_revision: str | Sequence[str] | None = "0007_scope"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = "position, hash, count, created_at, signature"


def _hmac_table(name: str) -> None:
    op.create_table(
        name,
        sa.Column("position", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signature", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("position", name=op.f(f"pk_{name}")),
    )


def _copy(source: str, target: str) -> None:
    op.execute(f"INSERT INTO {target} ({COLUMNS}) SELECT {COLUMNS} FROM {source}")


def upgrade() -> None:
    _hmac_table("audit_checkpoints_hmac")
    _copy("audit_checkpoints", "audit_checkpoints_hmac")
    op.drop_table("audit_checkpoints")
    op.create_table(
        "audit_checkpoints",
        sa.Column("chain", sa.String(length=20), nullable=False),
        sa.Column("position", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.Column("key_id", sa.String(length=64), nullable=False),
        sa.Column("signature", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint(
            "chain", "position", "created_at", name=op.f("pk_audit_checkpoints")
        ),
    )


def downgrade() -> None:
    # Signed checkpoints cannot become HMAC ones: they stay in the checkpoint log only.
    op.drop_table("audit_checkpoints")
    _hmac_table("audit_checkpoints")
    _copy("audit_checkpoints_hmac", "audit_checkpoints")
    op.drop_table("audit_checkpoints_hmac")
