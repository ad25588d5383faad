"""Subscriptions: buy, consult, intake, entitlements, staff claims and refund requests."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Response
from litestar.params import FromPath, JSONBody

from api.guards import acting_role
from api.integrations import check_payment_source
from api.requests import API_PREFIX, AnyRequest, answer, carepack, check_version, ctx, new_id
from api.requests import view as view_answer
from api.routes import command, query
from api.schemas.subscriptions import (
    CancelIn,
    ClaimIn,
    ConsultationIn,
    EntitlementsOut,
    IntakeIn,
    PurchaseIn,
    RedemptionOut,
    RefundIn,
    RefundOut,
    SubscriptionOut,
)
from api.scope import check_patient, patient_for
from application import views
from application.base import Done
from domain.quote import Quote
from domain.roles import DOCTORS, FINANCE, INTEGRATIONS, PATIENT_SIDE, SERVICE_STAFF_ONLY, STAFF

BUYERS = INTEGRATIONS | PATIENT_SIDE | STAFF
READERS = STAFF | PATIENT_SIDE | FINANCE
REFUNDERS = PATIENT_SIDE | SERVICE_STAFF_ONLY


def _in_scope(request: AnyRequest, subscription_id: UUID, permission: str | None = None) -> UUID:
    """Check the subscription's patient is in scope (and If-Match); return the patient."""
    found = views.subscription(carepack(request), subscription_id)
    patient_id = found.patient_id
    check_patient(request, patient_id, permission)
    check_version(request, found.version)
    return patient_id


def _answer(request: AnyRequest, done: Done[Any], status: int = 200) -> Response[SubscriptionOut]:
    found = views.subscription(carepack(request), done.id)
    extra = {k: v for k, v in views.fields(done.outcome).items() if k not in found.data}
    body, patient_id = {**found.data, **extra}, found.patient_id
    return answer(request, body, done, status=status, etag=found.version, patient_id=patient_id)


def quote_detail(quote: Quote, currency: str) -> dict[str, Any]:
    return {
        "amount": views.money(quote.amount, currency),
        "gross": views.money(quote.gross, currency),
        "fee": views.money(quote.fee, currency),
        "basis": quote.basis,
        "lines": [
            {"code": ln.code, "units": ln.units, "value": views.money(ln.value, currency)}
            for ln in quote.lines
        ],
    }


class SubscriptionController(Controller):
    path = f"{API_PREFIX}/subscriptions"
    tags = ["subscriptions"]

    @command("/", "purchaseSubscription", BUYERS, status=201, break_glass=True)
    def purchase(
        self, request: AnyRequest, data: JSONBody[PurchaseIn]
    ) -> Response[SubscriptionOut]:
        """A purchase through the mall (or a patient, proxy with `purchase`, staff): 201.
        An integration records purchases only if its `source` is a payment source."""
        check_payment_source(request)
        check_patient(request, data.patient_id)
        done = carepack(request).purchase(
            new_id(request),
            package_id=data.package_id,
            patient_id=data.patient_id,
            buyer_user_id=data.buyer.user_id,
            buyer_relation=data.buyer.relation,
            payer_type=data.payer_type,
            amount_paid=data.amount_paid.to_money(),
            payment_ref=data.payment_ref,
            ctx=ctx(request, patient_for(request, data.patient_id)),
        )
        return _answer(request, done, 201)

    @query("/{subscription_id:uuid}", "getSubscription", READERS, break_glass=True)
    def get_subscription(
        self, request: AnyRequest, subscription_id: FromPath[UUID]
    ) -> Response[SubscriptionOut]:
        """Terms, status and entitlements; finance sees money and status fields only."""
        found = views.subscription(carepack(request), subscription_id)
        check_patient(request, found.patient_id, "view")
        if acting_role(request) == "finance":
            return view_answer(views.subscription_for_finance(found.data), found.version, request)
        return view_answer(found.data, found.version, request)

    @command(
        "/{subscription_id:uuid}/consultation",
        "recordEnrolmentConsultation",
        DOCTORS,
        break_glass=True,
    )
    def consultation(
        self, request: AnyRequest, subscription_id: FromPath[UUID], data: JSONBody[ConsultationIn]
    ) -> Response[SubscriptionOut]:
        """Not suitable ends the subscription with a full refund (`refund_id`)."""
        _in_scope(request, subscription_id)
        done = carepack(request).record_consultation(
            subscription_id, data.suitable, data.notes, ctx(request)
        )
        return _answer(request, done)

    @command("/{subscription_id:uuid}/cancel", "cancelSubscription", REFUNDERS, break_glass=True)
    def cancel(
        self, request: AnyRequest, subscription_id: FromPath[UUID], data: JSONBody[CancelIn]
    ) -> Response[SubscriptionOut]:
        """Before it starts, a subscription with nothing to refund (a free package) is
        cancelled; with money still refundable, 409 `cancellation_needs_refund` (ask for a
        refund of the remaining instead)."""
        patient_id = _in_scope(request, subscription_id)
        done = carepack(request).cancel_subscription(
            subscription_id, data.reason_code, ctx(request, patient_for(request, patient_id))
        )
        return _answer(request, done)

    @command(
        "/{subscription_id:uuid}/intake", "submitIntake", STAFF, PATIENT_SIDE, break_glass=True
    )
    def intake(
        self, request: AnyRequest, subscription_id: FromPath[UUID], data: JSONBody[IntakeIn]
    ) -> Response[SubscriptionOut]:
        """The intake form; valid answers activate the subscription and open its ledger."""
        patient_id = _in_scope(request, subscription_id)
        done = carepack(request).submit_intake(
            subscription_id, data.answers, ctx(request, patient_for(request, patient_id))
        )
        return _answer(request, done)

    @query("/{subscription_id:uuid}/entitlements", "getEntitlements", READERS, break_glass=True)
    def entitlements(
        self, request: AnyRequest, subscription_id: FromPath[UUID]
    ) -> Response[EntitlementsOut]:
        """Per item: granted, redeemed, claimed, revoked, remaining."""
        found = views.subscription(carepack(request), subscription_id)
        check_patient(request, found.patient_id, "view")
        body = views.entitlements(carepack(request), subscription_id)
        return view_answer(body, found.version, request)

    @command(
        "/{subscription_id:uuid}/redemptions",
        "claimRedemption",
        STAFF,
        status=201,
        break_glass=True,
    )
    def claim(
        self, request: AnyRequest, subscription_id: FromPath[UUID], data: JSONBody[ClaimIn]
    ) -> Response[RedemptionOut]:
        """Staff claim a manual unit (201 `claimed`); the patient then confirms or disputes."""
        _in_scope(request, subscription_id)
        redemption_id = new_id(request)
        done = carepack(request).claim_redemption(
            redemption_id, subscription_id, data.item_code, data.note, ctx(request)
        )
        body = {
            "id": str(redemption_id),
            "redemption_id": str(redemption_id),
            "subscription_id": str(subscription_id),
            "item_code": data.item_code,
            "status": done.outcome.status,
        }
        return answer(request, body, done, status=201)

    @command(
        "/{subscription_id:uuid}/refunds", "requestRefund", REFUNDERS, status=201, break_glass=True
    )
    def refund(
        self, request: AnyRequest, subscription_id: FromPath[UUID], data: JSONBody[RefundIn]
    ) -> Response[RefundOut]:
        """Ask for a refund: 201 `{refund_id, status, quote}` (and `quote_detail`)."""
        patient_id = _in_scope(request, subscription_id)
        app = carepack(request)
        done = app.request_refund(
            new_id(request),
            subscription_id,
            scope=data.scope.to_scope(),
            reason_code=data.reason_code,
            reason_text=data.reason_text,
            requested_amount=data.requested_amount.to_money() if data.requested_amount else None,
            ctx=ctx(request, patient_for(request, patient_id)),
        )
        found = views.refund(app, subscription_id, done.id)
        currency = found.data["quote"]["currency"]
        body = {**found.data, "quote_detail": quote_detail(done.outcome.quote, currency)}
        return answer(request, body, done, status=201)
