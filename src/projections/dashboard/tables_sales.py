"""The dashboard's sales tables: packages, subscriptions, entitlements, redemptions, refunds."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Date, Index, Integer, String, Table, Text

from projections.schema import UtcDateTime, metadata

ID = 36  # a UUID as text

dash_packages = Table(
    "dash_packages",
    metadata,
    Column("package_id", String(ID), primary_key=True),
    Column("code", String(100), nullable=False),
    Column("name", Text, nullable=False),  # a display name: no width to outgrow
    Column("version", Integer, nullable=False),
    Column("status", String(20), nullable=False),
    Column("disease_codes", Text, nullable=False),  # comma-separated
    Column("price", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("recommendations", Integer, nullable=False),
    Column("sales", Integer, nullable=False),
    Column("recommended_sales", Integer, nullable=False),
    Column("active_subscriptions", Integer, nullable=False),
    Column("units_granted", BigInteger, nullable=False),
    Column("units_redeemed", BigInteger, nullable=False),
    Column("refunded_subscriptions", Integer, nullable=False),
)

dash_recommendations = Table(
    "dash_recommendations",
    metadata,
    Column("position", BigInteger, primary_key=True, autoincrement=False),
    Column("package_id", String(ID), nullable=False),
    Column("patient_id", String(ID), nullable=False),
    Column("episode_id", String(ID), nullable=False),
    Column("department", String(100), nullable=False),
    Column("doctor_id", String(200), nullable=False),
    Index(None, "patient_id", "package_id"),
)

dash_subscriptions = Table(
    "dash_subscriptions",
    metadata,
    Column("subscription_id", String(ID), primary_key=True),
    Column("ledger_id", String(ID), nullable=False),
    Column("patient_id", String(ID), nullable=False),
    Column("package_id", String(ID), nullable=False),
    Column("department", String(100), nullable=True),
    Column("status", String(30), nullable=False),
    Column("purchased_position", BigInteger, nullable=False),
    Column("purchased_at", UtcDateTime, nullable=True),
    Column("starts_on", Date, nullable=True),
    Column("ends_on", Date, nullable=True),
    Column("amount_paid", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("recommended", Boolean, nullable=False),
    Column("refund_approved", Boolean, nullable=False),
    Column("units_granted", Integer, nullable=False),
    Column("units_redeemed", Integer, nullable=False),
    Column("remaining", Integer, nullable=False),
    Index(None, "ledger_id", unique=True),
    Index(None, "patient_id"),
    Index(None, "department", "status", "ends_on"),
)

dash_entitlements = Table(
    "dash_entitlements",
    metadata,
    Column("subscription_id", String(ID), primary_key=True),
    Column("item_code", String(100), primary_key=True),
    Column("kind", String(30), nullable=False),
    Column("redemption", String(10), nullable=False),
    Column("granted", Integer, nullable=False),
    Column("revoked_before_start", Integer, nullable=False),
)

dash_revocations = Table(
    "dash_revocations",
    metadata,
    Column("refund_id", String(ID), primary_key=True),
    Column("item_code", String(100), primary_key=True),
    Column("subscription_id", String(ID), nullable=False),
    Column("quantity", Integer, nullable=False),
    Index(None, "subscription_id"),
)

dash_redemptions = Table(
    "dash_redemptions",
    metadata,
    Column("redemption_id", String(ID), primary_key=True),
    Column("subscription_id", String(ID), nullable=False),
    Column("patient_id", String(ID), nullable=False),
    Column("department", String(100), nullable=True),
    Column("item_code", String(100), nullable=False),
    Column("status", String(20), nullable=False),
    Column("position", BigInteger, nullable=False),  # of the claim or auto redemption
    Column("done_on", Date, nullable=True),
    Column("iso_week", String(8), nullable=True),  # e.g. 2026-W10
    Index(None, "subscription_id"),
    Index(None, "patient_id"),  # a batch reads its patients' rows (migration 0006)
    Index(None, "department", "status"),
)

dash_weekly_redemptions = Table(
    "dash_weekly_redemptions",
    metadata,
    Column("department", String(100), primary_key=True),
    Column("iso_week", String(8), primary_key=True),
    Column("redemptions", Integer, nullable=False),
)

dash_refunds = Table(
    "dash_refunds",
    metadata,
    Column("refund_id", String(ID), primary_key=True),
    Column("subscription_id", String(ID), nullable=False),
    Column("patient_id", String(ID), nullable=False),
    Column("package_id", String(ID), nullable=False),
    Column("department", String(100), nullable=True),
    Column("status", String(20), nullable=False),
    Column("scope", String(20), nullable=False),
    Column("channel", String(20), nullable=False),
    Column("reason_code", String(40), nullable=False),
    Column("requested_position", BigInteger, nullable=False),
    Column("requested_at", UtcDateTime, nullable=True),
    Column("quote", BigInteger, nullable=True),
    Column("agreed", BigInteger, nullable=True),
    Column("approved", BigInteger, nullable=True),
    Column("paid", BigInteger, nullable=True),
    Index(None, "subscription_id"),
    Index(None, "patient_id"),  # a batch reads its patients' rows (migration 0006)
    Index(None, "department", "status"),
)
