"""Dashboard handlers for the catalogue, purchases, enrolment and subscription status."""

from __future__ import annotations

from typing import Any

from domain.ledger import ledger_id_for
from domain.package import ServicePackage
from domain.refunds import SubscriptionRefunds
from domain.subscription import Subscription
from projections.dashboard.keys import text_id
from projections.dashboard.refresh import ENDED_STAGES
from projections.dashboard.state import State
from projections.projector import handles_in_memory

P = ServicePackage
S = Subscription
PACKAGE_STATUS: dict[type, str] = {
    P.Submitted: "in_review",
    P.Approved: "approved",
    P.Rejected: "rejected",
    P.ReturnedToDraft: "draft",
    P.Published: "published",
    P.Delisted: "delisted",
}
SUBSCRIPTION_STATUS: dict[type, str] = {
    S.Expired: "expired",
    S.Completed: "completed",
    S.Cancelled: "cancelled",
    SubscriptionRefunds.Terminated: "terminated",
}
COUNTERS = (
    "recommendations",
    "sales",
    "recommended_sales",
    "active_subscriptions",
    "units_granted",
    "units_redeemed",
    "refunded_subscriptions",
)


def _matches(condition: str, disease_codes: tuple[str, ...]) -> bool:
    return any(condition.upper().startswith(code.upper()) for code in disease_codes)


def _status_of(event: object, statuses: dict[type, str]) -> str:
    return statuses[next(k for k in type(event).__mro__ if k in statuses)]


class SalesHandlers:
    def _package(self, s: State, package_id: str, **values: Any) -> None:
        s.packages.change(package_id, **values)

    @handles_in_memory(P.Drafted, P.Revised)
    def package_content(self, s: State, position: int, event: P.Drafted | P.Revised) -> None:
        content = event.content
        package_id = text_id(event.originator_id)
        values: dict[str, Any] = {
            "code": content.code,
            "name": content.name,
            "disease_codes": ",".join(content.disease_codes),
            "price": content.price.fen,
            "currency": content.price.currency,
        }
        if isinstance(event, P.Drafted):
            fresh = {"version": event.package_version, "status": "draft"}
            s.packages.insert_new(
                {"package_id": package_id, **values, **fresh, **dict.fromkeys(COUNTERS, 0)}
            )
        else:
            self._package(s, package_id, **values)

    @handles_in_memory(*PACKAGE_STATUS)
    def package_status(self, s: State, position: int, event: P.Event) -> None:
        status = _status_of(event, PACKAGE_STATUS)
        self._package(s, text_id(event.originator_id), status=status)

    @handles_in_memory(P.PriceChanged)
    def price_changed(self, s: State, position: int, event: P.PriceChanged) -> None:
        self._package(s, text_id(event.originator_id), price=event.price.fen)

    @handles_in_memory(P.DisplayChanged)
    def display_changed(self, s: State, position: int, event: P.DisplayChanged) -> None:
        if "name" in event.texts:
            self._package(s, text_id(event.originator_id), name=event.texts["name"])

    def _department_at_purchase(self, s: State, patient_id: str, codes: Any) -> str | None:
        """The latest open episode's department, preferring one whose condition matches."""
        rows = sorted(
            (e for e in s.episodes.group("patient_id", patient_id)
             if e["stage"] not in ENDED_STAGES),
            key=lambda e: e["opened_position"],
            reverse=True,
        )  # fmt: skip
        matching = [r for r in rows if _matches(r["condition_code"], tuple(codes))]
        found = matching or rows
        return str(found[0]["department"]) if found else None

    @handles_in_memory(S.Purchased)
    def purchased(self, s: State, position: int, event: S.Purchased) -> None:
        subscription_id, patient_id = text_id(event.originator_id), text_id(event.patient_id)
        package_id = text_id(event.terms.package_id)
        recommended = any(
            r["package_id"] == package_id for r in s.recommendations.group("patient_id", patient_id)
        )
        content = event.terms.content
        row = {
            "subscription_id": subscription_id,
            "ledger_id": text_id(ledger_id_for(event.originator_id)),
            "patient_id": patient_id,
            "package_id": package_id,
            "department": self._department_at_purchase(s, patient_id, content.disease_codes),
            "status": "awaiting_consultation"
            if content.consultation_required
            else "awaiting_intake",
            "purchased_position": position,
            "purchased_at": event.timestamp,
            "starts_on": None,
            "ends_on": None,
            "amount_paid": event.amount_paid.fen,
            "currency": event.amount_paid.currency,
            "recommended": recommended,
            "refund_approved": False,
            "units_granted": 0,
            "units_redeemed": 0,
            "remaining": 0,
        }
        if s.subscriptions.insert_new(row):
            s.remember(row)
            package = s.packages.get(package_id)
            if package is not None:
                s.packages.change(
                    package_id,
                    sales=package["sales"] + 1,
                    recommended_sales=package["recommended_sales"] + int(recommended),
                )
        s.sub_changed(subscription_id)

    @handles_in_memory(S.EnrolmentConsulted)
    def consulted(self, s: State, position: int, event: S.EnrolmentConsulted) -> None:
        if event.suitable:  # not suitable: a system refund terminates it next
            s.sub_changed(text_id(event.originator_id), status="awaiting_intake")

    @handles_in_memory(S.Activated)
    def activated(self, s: State, position: int, event: S.Activated) -> None:
        s.sub_changed(
            text_id(event.originator_id),
            status="active",
            starts_on=event.starts_on,
            ends_on=event.ends_on,
        )

    @handles_in_memory(*SUBSCRIPTION_STATUS)
    def ended(self, s: State, position: int, event: S.Event) -> None:
        status = _status_of(event, SUBSCRIPTION_STATUS)
        s.sub_changed(text_id(event.originator_id), status=status)
