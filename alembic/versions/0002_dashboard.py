"""Dashboard read model: patients, episodes, follow-ups, packages, subscriptions, timeline.

Revision ID: 0002_dashboard
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_dashboard"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dash_entitlements",
        sa.Column("subscription_id", sa.String(length=36), nullable=False),
        sa.Column("item_code", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("redemption", sa.String(length=10), nullable=False),
        sa.Column("granted", sa.Integer(), nullable=False),
        sa.Column("revoked_before_start", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("subscription_id", "item_code", name=op.f("pk_dash_entitlements")),
    )
    op.create_table(
        "dash_episodes",
        sa.Column("episode_id", sa.String(length=36), nullable=False),
        sa.Column("patient_id", sa.String(length=36), nullable=False),
        sa.Column("department", sa.String(length=100), nullable=False),
        sa.Column("stage", sa.String(length=30), nullable=False),
        sa.Column("programme", sa.String(length=40), nullable=False),
        sa.Column("condition_code", sa.String(length=20), nullable=False),
        sa.Column("risk_tier", sa.String(length=30), nullable=True),
        sa.Column("has_care_plan", sa.Boolean(), nullable=False),
        sa.Column("next_follow_up", sa.Date(), nullable=True),
        sa.Column("opened_position", sa.BigInteger(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("episode_id", name=op.f("pk_dash_episodes")),
    )
    with op.batch_alter_table("dash_episodes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dash_episodes_department_stage"), ["department", "stage"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_dash_episodes_patient_id"), ["patient_id"], unique=False
        )

    op.create_table(
        "dash_follow_ups",
        sa.Column("follow_up_id", sa.String(length=36), nullable=False),
        sa.Column("episode_id", sa.String(length=36), nullable=False),
        sa.Column("patient_id", sa.String(length=36), nullable=False),
        sa.Column("department", sa.String(length=100), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("assignee", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("episode_open", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("follow_up_id", name=op.f("pk_dash_follow_ups")),
    )
    with op.batch_alter_table("dash_follow_ups", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dash_follow_ups_department_status_due_on"),
            ["department", "status", "due_on"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_dash_follow_ups_episode_id"), ["episode_id"], unique=False
        )

    op.create_table(
        "dash_packages",
        sa.Column("package_id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("disease_codes", sa.Text(), nullable=False),
        sa.Column("price", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("recommendations", sa.Integer(), nullable=False),
        sa.Column("sales", sa.Integer(), nullable=False),
        sa.Column("recommended_sales", sa.Integer(), nullable=False),
        sa.Column("active_subscriptions", sa.Integer(), nullable=False),
        sa.Column("units_granted", sa.BigInteger(), nullable=False),
        sa.Column("units_redeemed", sa.BigInteger(), nullable=False),
        sa.Column("refunded_subscriptions", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("package_id", name=op.f("pk_dash_packages")),
    )
    op.create_table(
        "dash_patients",
        sa.Column("patient_id", sa.String(length=36), nullable=False),
        sa.Column("department", sa.String(length=100), nullable=False),
        sa.Column("masked_id_number", sa.String(length=64), nullable=False),
        sa.Column("episode_id", sa.String(length=36), nullable=False),
        sa.Column("stage", sa.String(length=30), nullable=False),
        sa.Column("risk_tier", sa.String(length=30), nullable=True),
        sa.Column("vip", sa.Boolean(), nullable=False),
        sa.Column("next_follow_up", sa.Date(), nullable=True),
        sa.Column("remaining", sa.Integer(), nullable=False),
        sa.Column("consultation_pending", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("patient_id", "department", name=op.f("pk_dash_patients")),
    )
    with op.batch_alter_table("dash_patients", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dash_patients_department_patient_id"),
            ["department", "patient_id"],
            unique=False,
        )

    op.create_table(
        "dash_recommendations",
        sa.Column("position", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("package_id", sa.String(length=36), nullable=False),
        sa.Column("patient_id", sa.String(length=36), nullable=False),
        sa.Column("episode_id", sa.String(length=36), nullable=False),
        sa.Column("department", sa.String(length=100), nullable=False),
        sa.Column("doctor_id", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("position", name=op.f("pk_dash_recommendations")),
    )
    with op.batch_alter_table("dash_recommendations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dash_recommendations_patient_id_package_id"),
            ["patient_id", "package_id"],
            unique=False,
        )

    op.create_table(
        "dash_redemptions",
        sa.Column("redemption_id", sa.String(length=36), nullable=False),
        sa.Column("subscription_id", sa.String(length=36), nullable=False),
        sa.Column("patient_id", sa.String(length=36), nullable=False),
        sa.Column("department", sa.String(length=100), nullable=True),
        sa.Column("item_code", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("iso_week", sa.String(length=8), nullable=True),
        sa.PrimaryKeyConstraint("redemption_id", name=op.f("pk_dash_redemptions")),
    )
    with op.batch_alter_table("dash_redemptions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dash_redemptions_department_status"),
            ["department", "status"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_dash_redemptions_subscription_id"), ["subscription_id"], unique=False
        )

    op.create_table(
        "dash_refunds",
        sa.Column("refund_id", sa.String(length=36), nullable=False),
        sa.Column("subscription_id", sa.String(length=36), nullable=False),
        sa.Column("patient_id", sa.String(length=36), nullable=False),
        sa.Column("package_id", sa.String(length=36), nullable=False),
        sa.Column("department", sa.String(length=100), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("scope", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("reason_code", sa.String(length=40), nullable=False),
        sa.Column("requested_position", sa.BigInteger(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("quote", sa.BigInteger(), nullable=True),
        sa.Column("agreed", sa.BigInteger(), nullable=True),
        sa.Column("approved", sa.BigInteger(), nullable=True),
        sa.Column("paid", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("refund_id", name=op.f("pk_dash_refunds")),
    )
    with op.batch_alter_table("dash_refunds", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dash_refunds_department_status"), ["department", "status"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_dash_refunds_subscription_id"), ["subscription_id"], unique=False
        )

    op.create_table(
        "dash_registrations",
        sa.Column("patient_id", sa.String(length=36), nullable=False),
        sa.Column("masked_id_number", sa.String(length=64), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("patient_id", name=op.f("pk_dash_registrations")),
    )
    op.create_table(
        "dash_revocations",
        sa.Column("refund_id", sa.String(length=36), nullable=False),
        sa.Column("item_code", sa.String(length=100), nullable=False),
        sa.Column("subscription_id", sa.String(length=36), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("refund_id", "item_code", name=op.f("pk_dash_revocations")),
    )
    with op.batch_alter_table("dash_revocations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dash_revocations_subscription_id"), ["subscription_id"], unique=False
        )

    op.create_table(
        "dash_subscriptions",
        sa.Column("subscription_id", sa.String(length=36), nullable=False),
        sa.Column("ledger_id", sa.String(length=36), nullable=False),
        sa.Column("patient_id", sa.String(length=36), nullable=False),
        sa.Column("package_id", sa.String(length=36), nullable=False),
        sa.Column("department", sa.String(length=100), nullable=True),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("purchased_position", sa.BigInteger(), nullable=False),
        sa.Column("purchased_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("amount_paid", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("recommended", sa.Boolean(), nullable=False),
        sa.Column("refund_approved", sa.Boolean(), nullable=False),
        sa.Column("units_granted", sa.Integer(), nullable=False),
        sa.Column("units_redeemed", sa.Integer(), nullable=False),
        sa.Column("remaining", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("subscription_id", name=op.f("pk_dash_subscriptions")),
    )
    with op.batch_alter_table("dash_subscriptions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dash_subscriptions_department_status_ends_on"),
            ["department", "status", "ends_on"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_dash_subscriptions_ledger_id"), ["ledger_id"], unique=True
        )
        batch_op.create_index(
            batch_op.f("ix_dash_subscriptions_patient_id"), ["patient_id"], unique=False
        )

    op.create_table(
        "dash_timeline",
        sa.Column("position", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("patient_id", sa.String(length=36), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("type", sa.String(length=100), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("position", name=op.f("pk_dash_timeline")),
    )
    with op.batch_alter_table("dash_timeline", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dash_timeline_patient_id_position"),
            ["patient_id", "position"],
            unique=False,
        )

    op.create_table(
        "dash_weekly_redemptions",
        sa.Column("department", sa.String(length=100), nullable=False),
        sa.Column("iso_week", sa.String(length=8), nullable=False),
        sa.Column("redemptions", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("department", "iso_week", name=op.f("pk_dash_weekly_redemptions")),
    )


def downgrade() -> None:
    op.drop_table("dash_weekly_redemptions")
    with op.batch_alter_table("dash_timeline", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dash_timeline_patient_id_position"))

    op.drop_table("dash_timeline")
    with op.batch_alter_table("dash_subscriptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dash_subscriptions_patient_id"))
        batch_op.drop_index(batch_op.f("ix_dash_subscriptions_ledger_id"))
        batch_op.drop_index(batch_op.f("ix_dash_subscriptions_department_status_ends_on"))

    op.drop_table("dash_subscriptions")
    with op.batch_alter_table("dash_revocations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dash_revocations_subscription_id"))

    op.drop_table("dash_revocations")
    op.drop_table("dash_registrations")
    with op.batch_alter_table("dash_refunds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dash_refunds_subscription_id"))
        batch_op.drop_index(batch_op.f("ix_dash_refunds_department_status"))

    op.drop_table("dash_refunds")
    with op.batch_alter_table("dash_redemptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dash_redemptions_subscription_id"))
        batch_op.drop_index(batch_op.f("ix_dash_redemptions_department_status"))

    op.drop_table("dash_redemptions")
    with op.batch_alter_table("dash_recommendations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dash_recommendations_patient_id_package_id"))

    op.drop_table("dash_recommendations")
    with op.batch_alter_table("dash_patients", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dash_patients_department_patient_id"))

    op.drop_table("dash_patients")
    op.drop_table("dash_packages")
    with op.batch_alter_table("dash_follow_ups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dash_follow_ups_episode_id"))
        batch_op.drop_index(batch_op.f("ix_dash_follow_ups_department_status_due_on"))

    op.drop_table("dash_follow_ups")
    with op.batch_alter_table("dash_episodes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dash_episodes_patient_id"))
        batch_op.drop_index(batch_op.f("ix_dash_episodes_department_stage"))

    op.drop_table("dash_episodes")
    op.drop_table("dash_entitlements")
