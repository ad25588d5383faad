"""Dashboard handlers for the catalogue, purchases, enrolment and subscription status."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, select

from domain.ledger import ledger_id_for
from domain.package import ServicePackage
from domain.refunds import SubscriptionRefunds
from domain.subscription import Subscription
from projections.dashboard.refresh import ENDED_STAGES, refresh_patient, refresh_subscription
from projections.dashboard.rows import bump, change, insert_new, text_id
from projections.projector import handles

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
    t: dict[str, Table]

    def _package(self, conn: Connection, package_id: str, **values: Any) -> None:
        change(conn, self.t["dash_packages"], {"package_id": package_id}, **values)

    @handles(P.Drafted, P.Revised)
    def package_content(
        self, conn: Connection, position: int, event: P.Drafted | P.Revised
    ) -> None:
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
            insert_new(
                conn,
                self.t["dash_packages"],
                {"package_id": package_id, **values, **fresh, **dict.fromkeys(COUNTERS, 0)},
                ["package_id"],
            )
        else:
            self._package(conn, package_id, **values)

    @handles(*PACKAGE_STATUS)
    def package_status(self, conn: Connection, position: int, event: P.Event) -> None:
        status = _status_of(event, PACKAGE_STATUS)
        self._package(conn, text_id(event.originator_id), status=status)

    @handles(P.PriceChanged)
    def price_changed(self, conn: Connection, position: int, event: P.PriceChanged) -> None:
        self._package(conn, text_id(event.originator_id), price=event.price.fen)

    @handles(P.DisplayChanged)
    def display_changed(self, conn: Connection, position: int, event: P.DisplayChanged) -> None:
        if "name" in event.texts:
            self._package(conn, text_id(event.originator_id), name=event.texts["name"])

    def _department_at_purchase(self, conn: Connection, patient_id: str, codes: Any) -> str | None:
        """The latest open episode's department, preferring one whose condition matches."""
        episodes = self.t["dash_episodes"]
        rows = conn.execute(
            select(episodes.c.department, episodes.c.condition_code)
            .where(episodes.c.patient_id == patient_id, episodes.c.stage.not_in(ENDED_STAGES))
            .order_by(episodes.c.opened_position.desc())
        ).all()
        matching = [r for r in rows if _matches(r.condition_code, tuple(codes))]
        found = matching or rows
        return str(found[0].department) if found else None

    @handles(S.Purchased)
    def purchased(self, conn: Connection, position: int, event: S.Purchased) -> None:
        subscription_id, patient_id = text_id(event.originator_id), text_id(event.patient_id)
        package_id = text_id(event.terms.package_id)
        recommendations = self.t["dash_recommendations"]
        recommended = conn.execute(
            select(recommendations.c.position).where(
                recommendations.c.patient_id == patient_id,
                recommendations.c.package_id == package_id,
            )
        ).first()
        content = event.terms.content
        row = {
            "subscription_id": subscription_id,
            "ledger_id": text_id(ledger_id_for(event.originator_id)),
            "patient_id": patient_id,
            "package_id": package_id,
            "department": self._department_at_purchase(conn, patient_id, content.disease_codes),
            "status": "awaiting_consultation"
            if content.consultation_required
            else "awaiting_intake",
            "purchased_position": position,
            "purchased_at": event.timestamp,
            "starts_on": None,
            "ends_on": None,
            "amount_paid": event.amount_paid.fen,
            "currency": event.amount_paid.currency,
            "recommended": recommended is not None,
            "refund_approved": False,
            "units_granted": 0,
            "units_redeemed": 0,
            "remaining": 0,
        }
        if insert_new(conn, self.t["dash_subscriptions"], row, ["subscription_id"]):
            deltas = {"sales": 1, "recommended_sales": int(recommended is not None)}
            bump(conn, self.t["dash_packages"], {"package_id": package_id}, deltas)
        refresh_subscription(conn, self.t, subscription_id)
        refresh_patient(conn, self.t, patient_id)  # the new row changed nothing it compares

    @handles(S.EnrolmentConsulted)
    def consulted(self, conn: Connection, position: int, event: S.EnrolmentConsulted) -> None:
        if event.suitable:  # not suitable: a system refund terminates it next
            refresh_subscription(
                conn, self.t, text_id(event.originator_id), status="awaiting_intake"
            )

    @handles(S.Activated)
    def activated(self, conn: Connection, position: int, event: S.Activated) -> None:
        refresh_subscription(
            conn,
            self.t,
            text_id(event.originator_id),
            status="active",
            starts_on=event.starts_on,
            ends_on=event.ends_on,
        )

    @handles(*SUBSCRIPTION_STATUS)
    def ended(self, conn: Connection, position: int, event: S.Event) -> None:
        status = _status_of(event, SUBSCRIPTION_STATUS)
        refresh_subscription(conn, self.t, text_id(event.originator_id), status=status)
