"""Read-side views of aggregates for the API: plain, JSON-ready dicts, never aggregates."""

from application.views.base import (
    EpisodeRecord,
    PatientAccess,
    PatientRecord,
    View,
    fields,
    money,
    plain,
)
from application.views.care import episode, episode_patient_id, offers, patient, patient_access
from application.views.catalogue import package, package_ids, packages
from application.views.finance import refund_for_finance, subscription_for_finance
from application.views.purchases import (
    entitlements,
    redemption,
    refund,
    subscription,
    subscription_patient_id,
)

__all__ = [
    "EpisodeRecord",
    "PatientAccess",
    "PatientRecord",
    "View",
    "entitlements",
    "episode",
    "episode_patient_id",
    "fields",
    "money",
    "offers",
    "package",
    "package_ids",
    "packages",
    "patient",
    "patient_access",
    "plain",
    "redemption",
    "refund",
    "refund_for_finance",
    "subscription",
    "subscription_for_finance",
    "subscription_patient_id",
]
