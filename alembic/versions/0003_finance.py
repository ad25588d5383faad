"""Finance read model: subscriptions' money, refunds, daily totals, reconciliation reports.

Revision ID: 0003_finance
Revises: 0002_dashboard
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_finance"
down_revision: str | Sequence[str] | None = "0002_dashboard"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "fin_daily",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("payer_type", sa.String(length=50), nullable=False),
        sa.Column("purchases_count", sa.BigInteger(), nullable=False),
        sa.Column("purchases_amount", sa.BigInteger(), nullable=False),
        sa.Column("refunds_paid_count", sa.BigInteger(), nullable=False),
        sa.Column("refunds_paid_amount", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("day", "payer_type", name=op.f("pk_fin_daily")),
    )
    op.create_table(
        "fin_reconciliation_lines",
        sa.Column("report_id", sa.String(length=64), nullable=False),
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("file_line", sa.BigInteger(), nullable=True),
        sa.Column("provider_ref", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("provider_amount", sa.BigInteger(), nullable=True),
        sa.Column("our_amount", sa.BigInteger(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("settled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("subscription_id", sa.String(length=64), nullable=True),
        sa.Column("refund_id", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("report_id", "seq", name=op.f("pk_fin_reconciliation_lines")),
    )
    op.create_table(
        "fin_reconciliations",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_role", sa.String(length=50), nullable=False),
        sa.Column("period_from", sa.Date(), nullable=True),
        sa.Column("period_to", sa.Date(), nullable=True),
        sa.Column("line_count", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fin_reconciliations")),
    )
    op.create_index(
        op.f("ix_fin_reconciliations_created_at"),
        "fin_reconciliations",
        ["created_at"],
        unique=False,
    )

    op.create_table(
        "fin_redemptions",
        sa.Column("redemption_id", sa.String(length=64), nullable=False),
        sa.Column("subscription_id", sa.String(length=64), nullable=False),
        sa.Column("item_code", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("redemption_id", name=op.f("pk_fin_redemptions")),
    )
    op.create_index(
        op.f("ix_fin_redemptions_subscription_id_item_code"),
        "fin_redemptions",
        ["subscription_id", "item_code"],
        unique=False,
    )

    op.create_table(
        "fin_refunds",
        sa.Column("refund_id", sa.String(length=64), nullable=False),
        sa.Column("subscription_id", sa.String(length=64), nullable=False),
        sa.Column("package_id", sa.String(length=64), nullable=False),
        sa.Column("payer_type", sa.String(length=50), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.Column("items", sa.Text(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("reason_code", sa.String(length=50), nullable=False),
        sa.Column("reason_text", sa.Text(), nullable=False),
        sa.Column("requested_position", sa.BigInteger(), nullable=False),
        sa.Column("requested_amount", sa.BigInteger(), nullable=True),
        sa.Column("quoted_amount", sa.BigInteger(), nullable=True),
        sa.Column("quote_basis", sa.String(length=30), nullable=True),
        sa.Column("quote_fee", sa.BigInteger(), nullable=True),
        sa.Column("agreed_amount", sa.BigInteger(), nullable=True),
        sa.Column("approved_amount", sa.BigInteger(), nullable=True),
        sa.Column("paid_amount", sa.BigInteger(), nullable=True),
        sa.Column("provider_ref", sa.String(length=200), nullable=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("requested_by", sa.String(length=200), nullable=False),
        sa.Column("requested_role", sa.String(length=50), nullable=False),
        sa.Column("quoted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("agreed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("agreed_by", sa.String(length=200), nullable=True),
        sa.Column("agreed_note", sa.Text(), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("approved_by", sa.String(length=200), nullable=True),
        sa.Column("approved_role", sa.String(length=50), nullable=True),
        sa.Column("rejected_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rejected_by", sa.String(length=200), nullable=True),
        sa.Column("rejection_reason", sa.Text(), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_by", sa.String(length=200), nullable=True),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failed_by", sa.String(length=200), nullable=True),
        sa.Column("failure_reason", sa.Text(), nullable=True),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("paid_by", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("refund_id", name=op.f("pk_fin_refunds")),
    )
    op.create_index(
        op.f("ix_fin_refunds_paid_on_payer_type"),
        "fin_refunds",
        ["paid_on", "payer_type"],
        unique=False,
    )
    op.create_index(
        op.f("ix_fin_refunds_provider_ref"), "fin_refunds", ["provider_ref"], unique=False
    )
    op.create_index(
        op.f("ix_fin_refunds_requested_at"), "fin_refunds", ["requested_at"], unique=False
    )
    op.create_index(
        op.f("ix_fin_refunds_requested_position"),
        "fin_refunds",
        ["requested_position"],
        unique=True,
    )
    op.create_index(
        op.f("ix_fin_refunds_status_requested_position"),
        "fin_refunds",
        ["status", "requested_position"],
        unique=False,
    )
    op.create_index(
        op.f("ix_fin_refunds_subscription_id"), "fin_refunds", ["subscription_id"], unique=False
    )

    op.create_table(
        "fin_subscription_items",
        sa.Column("subscription_id", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("weight", sa.BigInteger(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("redeemed", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("subscription_id", "code", name=op.f("pk_fin_subscription_items")),
    )
    op.create_table(
        "fin_subscriptions",
        sa.Column("subscription_id", sa.String(length=64), nullable=False),
        sa.Column("ledger_id", sa.String(length=64), nullable=False),
        sa.Column("package_id", sa.String(length=64), nullable=False),
        sa.Column("package_version", sa.BigInteger(), nullable=False),
        sa.Column("patient_id", sa.String(length=64), nullable=False),
        sa.Column("payer_type", sa.String(length=50), nullable=False),
        sa.Column("payment_ref", sa.String(length=200), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("purchased_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("purchased_on", sa.Date(), nullable=False),
        sa.Column("purchased_by", sa.String(length=200), nullable=False),
        sa.Column("paid", sa.BigInteger(), nullable=False),
        sa.Column("refunded", sa.BigInteger(), nullable=False),
        sa.Column("committed", sa.BigInteger(), nullable=False),
        sa.Column("awaiting_payout", sa.BigInteger(), nullable=False),
        sa.Column("refundable", sa.BigInteger(), nullable=False),
        sa.Column("redeemed_value", sa.BigInteger(), nullable=False),
        sa.Column("undelivered_value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("subscription_id", name=op.f("pk_fin_subscriptions")),
    )
    op.create_index(
        op.f("ix_fin_subscriptions_ledger_id"), "fin_subscriptions", ["ledger_id"], unique=True
    )
    op.create_index(
        op.f("ix_fin_subscriptions_payment_ref"), "fin_subscriptions", ["payment_ref"], unique=False
    )
    op.create_index(
        op.f("ix_fin_subscriptions_purchased_on_payer_type"),
        "fin_subscriptions",
        ["purchased_on", "payer_type"],
        unique=False,
    )


def downgrade() -> None:
    for table in (
        "fin_subscriptions",
        "fin_subscription_items",
        "fin_refunds",
        "fin_redemptions",
        "fin_reconciliations",
        "fin_reconciliation_lines",
        "fin_daily",
    ):
        op.drop_table(table)  # drops the table's indexes with it
