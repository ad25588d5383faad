"""The finance read model's tables, registered on the shared `projections.schema.metadata`.

Every amount is an integer number of fen (BigInteger); days are the hospital's dates. The
projector owns the `fin_` tables in `PROJECTED`; the reconciliation reports are
imported by finance staff, not projected, so a rebuild never touches them.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Date, Index, String, Table, Text

from projections.schema import UtcDateTime, metadata

_ID = 64
_ACTOR = 200


def _money(name: str, nullable: bool = False) -> Column[int]:
    return Column(name, BigInteger, nullable=nullable)


fin_subscriptions = Table(
    "fin_subscriptions",
    metadata,
    Column("subscription_id", String(_ID), primary_key=True),
    Column("ledger_id", String(_ID), nullable=False),
    Column("package_id", String(_ID), nullable=False),
    Column("package_version", BigInteger, nullable=False),
    Column("patient_id", String(_ID), nullable=False),
    Column("payer_type", String(50), nullable=False),
    Column("payment_ref", String(200), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("purchased_at", UtcDateTime, nullable=False),
    Column("purchased_on", Date, nullable=False),
    Column("purchased_by", String(_ACTOR), nullable=False),
    _money("paid"),
    _money("refunded"),
    # Approved refunds, paid or not (a failed payout stays approved): the domain's `committed`.
    _money("committed"),
    # The part of `committed` not paid out yet (approved or payment_failed).
    _money("awaiting_payout"),
    _money("refundable"),
    _money("redeemed_value"),
    _money("undelivered_value"),
    Index(None, "ledger_id", unique=True),
    Index(None, "payment_ref"),
    Index(None, "purchased_on", "payer_type"),
)

# The purchased items' exact values (product §3), and how many units were redeemed.
fin_subscription_items = Table(
    "fin_subscription_items",
    metadata,
    Column("subscription_id", String(_ID), primary_key=True),
    Column("code", String(100), primary_key=True),
    Column("quantity", BigInteger, nullable=False),
    Column("weight", BigInteger, nullable=False),
    _money("value"),
    Column("redeemed", BigInteger, nullable=False),
)

# One row per redemption, so that counting them is idempotent; `taken_on` is the hospital
# day the service was taken (a receipt's occurred_at, a claim's recording), for the series
# per day and package (NULL on rows projected before 0014_finance_series until a rebuild).
fin_redemptions = Table(
    "fin_redemptions",
    metadata,
    Column("redemption_id", String(_ID), primary_key=True),
    Column("subscription_id", String(_ID), nullable=False),
    Column("item_code", String(100), nullable=False),
    Column("status", String(20), nullable=False),
    Column("taken_on", Date, nullable=True),
    Index(None, "subscription_id", "item_code"),
    Index(None, "taken_on"),
)

# Amounts, statuses, codes and who did each step: no free text a patient or clinician
# wrote (reasons, call notes), which finance does not need (minimum necessary). A payout's
# failure reason stays: the payment platform's words, what finance acts on.
fin_refunds = Table(
    "fin_refunds",
    metadata,
    Column("refund_id", String(_ID), primary_key=True),
    Column("subscription_id", String(_ID), nullable=False),
    Column("package_id", String(_ID), nullable=False),
    Column("payer_type", String(50), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("status", String(20), nullable=False),
    Column("scope", String(20), nullable=False),
    Column("items", Text, nullable=False),
    Column("channel", String(20), nullable=False),
    Column("reason_code", String(50), nullable=False),
    Column("requested_position", BigInteger, nullable=False),
    _money("requested_amount", nullable=True),
    _money("quoted_amount", nullable=True),
    Column("quote_basis", String(30), nullable=True),
    _money("quote_fee", nullable=True),
    _money("agreed_amount", nullable=True),
    _money("approved_amount", nullable=True),
    _money("paid_amount", nullable=True),
    Column("provider_ref", String(200), nullable=True),
    Column("requested_at", UtcDateTime, nullable=False),
    Column("requested_by", String(_ACTOR), nullable=False),
    Column("requested_role", String(50), nullable=False),
    Column("quoted_at", UtcDateTime, nullable=True),
    Column("agreed_at", UtcDateTime, nullable=True),
    Column("agreed_by", String(_ACTOR), nullable=True),
    Column("approved_at", UtcDateTime, nullable=True),
    Column("approved_by", String(_ACTOR), nullable=True),
    Column("approved_role", String(50), nullable=True),
    Column("rejected_at", UtcDateTime, nullable=True),
    Column("rejected_by", String(_ACTOR), nullable=True),
    Column("withdrawn_at", UtcDateTime, nullable=True),
    Column("withdrawn_by", String(_ACTOR), nullable=True),
    Column("failed_at", UtcDateTime, nullable=True),
    Column("failed_by", String(_ACTOR), nullable=True),
    Column("failure_reason", Text, nullable=True),
    Column("paid_at", UtcDateTime, nullable=True),
    Column("paid_on", Date, nullable=True),
    Column("paid_by", String(_ACTOR), nullable=True),
    Index(None, "requested_position", unique=True),
    Index(None, "subscription_id"),
    Index(None, "status", "requested_position"),
    Index(None, "requested_at"),
    Index(None, "provider_ref"),
    Index(None, "paid_on", "payer_type"),
)

fin_daily = Table(
    "fin_daily",
    metadata,
    Column("day", Date, primary_key=True),
    Column("payer_type", String(50), primary_key=True),
    Column("purchases_count", BigInteger, nullable=False),
    _money("purchases_amount"),
    Column("refunds_paid_count", BigInteger, nullable=False),
    _money("refunds_paid_amount"),
)

fin_reconciliations = Table(
    "fin_reconciliations",
    metadata,
    Column("id", String(_ID), primary_key=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by", String(_ACTOR), nullable=False),
    Column("created_role", String(50), nullable=False),
    Column("period_from", Date, nullable=True),
    Column("period_to", Date, nullable=True),
    Column("line_count", BigInteger, nullable=False),
    Index(None, "created_at"),
)

fin_reconciliation_lines = Table(
    "fin_reconciliation_lines",
    metadata,
    Column("report_id", String(_ID), primary_key=True),
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("file_line", BigInteger, nullable=True),
    Column("provider_ref", String(200), nullable=False),
    Column("kind", String(10), nullable=False),
    _money("amount"),
    _money("provider_amount", nullable=True),
    _money("our_amount", nullable=True),
    Column("currency", String(3), nullable=False),
    Column("settled_at", UtcDateTime, nullable=True),
    Column("status", String(30), nullable=False),
    Column("subscription_id", String(_ID), nullable=True),
    Column("refund_id", String(_ID), nullable=True),
)

PROJECTED = (fin_subscriptions, fin_subscription_items, fin_redemptions, fin_refunds, fin_daily)
REPORTS = (fin_reconciliations, fin_reconciliation_lines)
