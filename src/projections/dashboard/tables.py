"""The dashboard's read-model tables (all `dash_`), on the shared projection metadata.

Facts (episodes, follow-ups, subscriptions, redemptions, refunds...) are written as state,
keyed by their natural ids; the patient rows and the package and weekly counters are
derived from them, so re-applying an event leaves every table unchanged. Money is fen.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Date, Index, Integer, String, Table, Text

from domain import limits
from projections.dashboard.tables_sales import (
    dash_entitlements,
    dash_packages,
    dash_recommendations,
    dash_redemptions,
    dash_refunds,
    dash_revocations,
    dash_subscriptions,
    dash_weekly_redemptions,
)
from projections.schema import UtcDateTime, metadata

ID = 36  # a UUID as text
__all__ = [
    "TABLES",
    "dash_entitlements",
    "dash_packages",
    "dash_recommendations",
    "dash_redemptions",
    "dash_refunds",
    "dash_revocations",
    "dash_subscriptions",
    "dash_weekly_redemptions",
]

dash_registrations = Table(
    "dash_registrations",
    metadata,
    Column("patient_id", String(ID), primary_key=True),
    Column("masked_id_number", String(64), nullable=False),
    Column("registered_at", UtcDateTime, nullable=True),
    # Who the patient is, for the staff lists and worklists (migration 0011; NULL for rows
    # projected before it until `carepack projections rebuild dashboard`).
    Column("name", String(limits.NAME), nullable=True),
    Column("sex", String(limits.CHOICE), nullable=True),
    Column("birth_date", Date, nullable=True),
    Column("phone", String(limits.PHONE), nullable=True),
)

# One row per patient and department they have an episode in: the staff patient list.
dash_patients = Table(
    "dash_patients",
    metadata,
    Column("patient_id", String(ID), primary_key=True),
    Column("department", String(100), primary_key=True),
    Column("masked_id_number", String(64), nullable=False),
    Column("episode_id", String(ID), nullable=False),
    Column("stage", String(30), nullable=False),
    Column("risk_tier", String(30), nullable=True),
    Column("vip", Boolean, nullable=False),
    Column("next_follow_up", Date, nullable=True),
    Column("remaining", Integer, nullable=False),
    Column("consultation_pending", Boolean, nullable=False),
    Index(None, "department", "patient_id"),
    # Covers the summary's per-department counts by tier and VIP (bench/queries.py at 1M events).
    Index(None, "department", "risk_tier", "vip"),
)

dash_episodes = Table(
    "dash_episodes",
    metadata,
    Column("episode_id", String(ID), primary_key=True),
    Column("patient_id", String(ID), nullable=False),
    Column("department", String(100), nullable=False),
    Column("stage", String(30), nullable=False),
    Column("programme", String(40), nullable=False),
    Column("condition_code", String(20), nullable=False),
    Column("risk_tier", String(30), nullable=True),
    Column("has_care_plan", Boolean, nullable=False),
    Column("next_follow_up", Date, nullable=True),
    Column("opened_position", BigInteger, nullable=False),
    Column("opened_at", UtcDateTime, nullable=True),
    Index(None, "patient_id"),
    Index(None, "department", "stage"),
)

dash_follow_ups = Table(
    "dash_follow_ups",
    metadata,
    Column("follow_up_id", String(ID), primary_key=True),
    Column("episode_id", String(ID), nullable=False),
    Column("patient_id", String(ID), nullable=False),
    Column("department", String(100), nullable=False),
    Column("due_on", Date, nullable=False),
    Column("channel", String(20), nullable=False),
    Column("assignee", String(limits.USER_ID), nullable=False),
    Column("status", String(20), nullable=False),
    Column("episode_open", Boolean, nullable=False),
    Index(None, "episode_id"),
    Index(None, "patient_id"),  # a batch reads its patients' rows (migration 0006)
    Index(None, "department", "status", "due_on"),
)

dash_timeline = Table(
    "dash_timeline",
    metadata,
    Column("position", BigInteger, primary_key=True, autoincrement=False),
    Column("patient_id", String(ID), nullable=False),
    # The episode's department for an episode's entries (NULL: about the patient as a whole).
    Column("department", String(100), nullable=True),
    Column("at", UtcDateTime, nullable=True),
    Column("type", String(100), nullable=False),
    Column("summary", Text, nullable=False),
    Index(None, "patient_id", "position"),
)

# The summary's counters per department (`counters.py`, migration 0015).
dash_counters = Table(
    "dash_counters",
    metadata,
    Column("department", String(100), primary_key=True),
    Column("counter", String(30), primary_key=True),
    # A stage or risk tier ("" for none), an ISO date for the dated counters, else "".
    Column("key", String(30), primary_key=True),
    Column("count", Integer, nullable=False),
)

TABLES = (
    dash_registrations,
    dash_patients,
    dash_episodes,
    dash_follow_ups,
    dash_packages,
    dash_recommendations,
    dash_subscriptions,
    dash_entitlements,
    dash_revocations,
    dash_redemptions,
    dash_weekly_redemptions,
    dash_refunds,
    dash_timeline,
    dash_counters,
)
