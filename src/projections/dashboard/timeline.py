"""A patient's timeline entries: one short line per event, without personal data.

Names, phone and ID numbers, and every free-text note or reason (which may hold them)
stay out: a line names the kind of change and its codes, dates and statuses only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.care import EpisodeCare
from domain.episode import PatientEpisode
from domain.ledger import EntitlementLedger
from domain.patient import Patient
from domain.refunds import SubscriptionRefunds
from domain.subscription import Subscription
from projections.dashboard.keys import text_id
from projections.dashboard.state import State

E, S, L = PatientEpisode, Subscription, EntitlementLedger
# Care and refund events are declared (and stored) on these base classes.
C, R = EpisodeCare, SubscriptionRefunds
PUBLIC_NAMES = {"EpisodeCare.": "PatientEpisode.", "SubscriptionRefunds.": "Subscription."}
Describe = Callable[[Any], str]

LINES: dict[type, Describe] = {
    Patient.Registered: lambda e: "Registered",
    Patient.ContactChanged: lambda e: "Contact details changed",
    Patient.ProxyAuthorised: lambda e: (
        f"Proxy authorised ({e.relation}): {', '.join(e.permissions)}"
    ),
    Patient.ProxyRevoked: lambda e: "Proxy revoked",
    Patient.ConsentGiven: lambda e: f"Consent given: {e.purpose}",
    Patient.ConsentWithdrawn: lambda e: f"Consent withdrawn: {e.purpose}",
    E.Opened: lambda e: f"Episode opened in {e.department}: {e.condition_code} ({e.programme})",
    E.ConsultationStarted: lambda e: f"Consultation started ({e.kind})",
    E.Admitted: lambda e: "Admitted",
    E.Discharged: lambda e: "Discharged",
    E.FollowUpStarted: lambda e: "Follow-up stage started",
    E.Closed: lambda e: f"Episode closed: {e.outcome}",
    E.Cancelled: lambda e: "Episode cancelled",
    C.ScreeningRecorded: lambda e: (
        f"Screening recorded: {e.tier}"
        + (f" (NRS-2002 {e.nrs2002_total})" if e.nrs2002_total is not None else "")
    ),
    C.CarePlanSet: lambda e: (
        f"Care plan: {e.intervention}, every {e.monitoring_interval_days} days"
    ),
    C.ObservationRecorded: lambda e: f"Observation recorded: {e.code}",
    C.FollowUpScheduled: lambda e: f"Follow-up scheduled for {e.due_on} ({e.channel})",
    C.FollowUpCompleted: lambda e: "Follow-up completed",
    C.FollowUpMissed: lambda e: "Follow-up missed",
    C.PackageRecommended: lambda e: f"Package recommended: {e.package_id}",
    S.Purchased: lambda e: (
        f"Purchased {e.terms.content.code} v{e.terms.package_version} "
        f"({e.payer_type}, {e.amount_paid.amount} {e.amount_paid.currency})"
    ),
    S.EnrolmentConsulted: lambda e: (
        "Enrolment consultation: " + ("suitable" if e.suitable else "not suitable")
    ),
    S.IntakeSubmitted: lambda e: "Intake form submitted",
    S.Activated: lambda e: f"Subscription active {e.starts_on} to {e.ends_on}",
    S.Expired: lambda e: "Subscription expired",
    S.Completed: lambda e: "Subscription completed",
    S.Cancelled: lambda e: f"Subscription cancelled ({e.reason_code})",
    R.Terminated: lambda e: "Subscription terminated",
    R.RefundRequested: lambda e: f"Refund requested ({e.scope}, {e.reason_code})",
    R.RefundQuoted: lambda e: f"Refund quoted: {e.amount.amount} {e.amount.currency}",
    R.RefundAmountAgreed: lambda e: f"Refund amount agreed: {e.amount.amount}",
    R.RefundApproved: lambda e: f"Refund approved: {e.amount.amount}",
    R.RefundRejected: lambda e: "Refund rejected",
    R.RefundWithdrawn: lambda e: "Refund withdrawn",
    R.RefundPaid: lambda e: f"Refund paid: {e.amount.amount}",
    R.RefundPaymentFailed: lambda e: "Refund payment failed",
    L.Opened: lambda e: (
        "Entitlements opened: " + ", ".join(f"{ln['code']}×{ln['granted']}" for ln in e.lines)
    ),
    L.Redeemed: lambda e: f"Redeemed {e.item_code} ({e.source})",
    L.RedemptionClaimed: lambda e: f"Redemption claimed: {e.item_code}",
    L.RedemptionConfirmed: lambda e: "Redemption confirmed",
    L.RedemptionDisputed: lambda e: "Redemption disputed",
    L.RedemptionReversed: lambda e: "Redemption reversed",
    L.RedemptionUpheld: lambda e: "Redemption upheld",
    L.EntitlementsRevoked: lambda e: (
        "Entitlements revoked: " + ", ".join(f"{code}×{n}" for code, n in e.quantities.items())
    ),
    L.Closed: lambda e: f"Entitlements closed: {e.reason}",
}


def describe(event: Any) -> tuple[str, str] | None:
    """(type, line) for events on a patient's timeline; None for the others."""
    for klass in type(event).__mro__:
        if klass in LINES:
            name = klass.__qualname__
            for base, public in PUBLIC_NAMES.items():
                name = name.replace(base, public)
            return name, LINES[klass](event)
    return None


def patient_of(s: State, event: Any) -> str | None:
    """The patient an event concerns, from the event or from rows written before it.

    `s.owners` caches aggregate id -> patient id: an aggregate never changes patient.
    """
    if isinstance(event, Patient.Event):
        return text_id(event.originator_id)
    origin, owners = text_id(event.originator_id), s.owners
    if hasattr(event, "patient_id"):
        owners[origin] = text_id(event.patient_id)
    if origin in owners:
        return owners[origin]
    if isinstance(event, EpisodeCare.Event):
        row = s.episodes.get(origin)
    elif isinstance(event, SubscriptionRefunds.Event):
        row = s.subscriptions.get(origin)
    elif isinstance(event, EntitlementLedger.Event):
        row = s.subscriptions.first("ledger_id", origin)
    else:
        return None
    if row is None:
        return None
    owners[origin] = str(row["patient_id"])
    return owners[origin]


def department_of(s: State, event: Any) -> str | None:
    """An episode's department for its entries (staff see their departments' episodes
    only); None for entries about the patient as a whole."""
    if not isinstance(event, EpisodeCare.Event):
        return None
    row = s.episodes.get(text_id(event.originator_id))
    return None if row is None else str(row["department"])


def record(s: State, position: int, event: Any) -> None:
    """Add the event's line to its patient's timeline (once: keyed by position)."""
    described = describe(event)
    if described is None:
        return
    patient_id = patient_of(s, event)
    if patient_id is None:
        return
    kind, line = described
    s.timeline.append(
        {
            "position": position,
            "patient_id": patient_id,
            "department": department_of(s, event),
            "at": event.timestamp,
            "type": kind,
            "summary": line[:500],
        }
    )
