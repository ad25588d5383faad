"""Refunds after the request: read, agree, approve or reject, withdraw, record payouts."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Response
from litestar.params import FromPath, JSONBody

from api.guards import acting_role
from api.integrations import check_payment_source
from api.requests import (
    API_PREFIX,
    AnyRequest,
    answer,
    carepack,
    check_version,
    ctx,
    principal,
)
from api.requests import view as view_answer
from api.routes import command, query
from api.schemas.common import Reason
from api.schemas.subscriptions import AgreeIn, PaymentIn, RefundOut
from api.scope import check_patient, patient_for
from application import views
from application.base import Done
from application.views import PatientRecord
from domain.roles import FINANCE, INTEGRATIONS, LEADS, PATIENT_SIDE, SERVICE_STAFF_ONLY, STAFF

READERS = STAFF | PATIENT_SIDE | FINANCE
APPROVERS = LEADS | FINANCE
REQUESTERS = PATIENT_SIDE | SERVICE_STAFF_ONLY
PAYERS = INTEGRATIONS | FINANCE


def _load(request: AnyRequest, refund_id: UUID) -> PatientRecord:
    app = carepack(request)
    return views.refund(app, app.refund_subscription_id(refund_id), refund_id)


def _in_scope(request: AnyRequest, refund_id: UUID) -> UUID:
    """Check the refund's patient is in scope (and If-Match); return the patient."""
    found = _load(request, refund_id)
    patient_id = found.patient_id
    check_patient(request, patient_id)
    check_version(request, found.version)
    return patient_id


def _answer(request: AnyRequest, done: Done[Any]) -> Response[RefundOut]:
    found = _load(request, done.id)
    patient_id = found.patient_id
    return answer(request, found.data, done, etag=found.version, patient_id=patient_id)


class RefundController(Controller):
    path = f"{API_PREFIX}/refunds"
    tags = ["refunds"]

    @query("/{refund_id:uuid}", "getRefund", READERS, break_glass=True)
    def get_refund(self, request: AnyRequest, refund_id: FromPath[UUID]) -> Response[RefundOut]:
        """Staff in scope, the patient or requester, or finance (money and status fields
        only). The ETag is the subscription's version."""
        found = _load(request, refund_id)
        patient_id = found.patient_id
        # A proxy who did not ask for it reads it only with the `view` right.
        asked = found.data["requested_by"] == principal(request).sub
        check_patient(request, patient_id, None if asked else "view")
        if acting_role(request) == "finance":
            return view_answer(views.refund_for_finance(found.data), found.version, request)
        return view_answer(found.data, found.version, request)

    @command("/{refund_id:uuid}/agree", "agreeRefund", SERVICE_STAFF_ONLY, break_glass=True)
    def agree(
        self, request: AnyRequest, refund_id: FromPath[UUID], data: JSONBody[AgreeIn]
    ) -> Response[RefundOut]:
        """After phoning the patient (协商): the agreed amount and a note of the call."""
        _in_scope(request, refund_id)
        done = carepack(request).agree_refund(
            refund_id, data.amount.to_money(), data.note, ctx(request)
        )
        return _answer(request, done)

    @command("/{refund_id:uuid}/approve", "approveRefund", APPROVERS, break_glass=True)
    def approve(self, request: AnyRequest, refund_id: FromPath[UUID]) -> Response[RefundOut]:
        """At or below the quote a service lead; above it, or goodwill, finance (product §2.4)."""
        _in_scope(request, refund_id)
        done = carepack(request).approve_refund(refund_id, ctx(request))
        return _answer(request, done)

    @command("/{refund_id:uuid}/reject", "rejectRefund", APPROVERS, break_glass=True)
    def reject(
        self, request: AnyRequest, refund_id: FromPath[UUID], data: JSONBody[Reason]
    ) -> Response[RefundOut]:
        _in_scope(request, refund_id)
        done = carepack(request).reject_refund(refund_id, data.reason, ctx(request))
        return _answer(request, done)

    @command("/{refund_id:uuid}/withdraw", "withdrawRefund", REQUESTERS, break_glass=True)
    def withdraw(self, request: AnyRequest, refund_id: FromPath[UUID]) -> Response[RefundOut]:
        """Only whoever asked may withdraw (else 403 not_refund_requester)."""
        patient_id = _in_scope(request, refund_id)
        done = carepack(request).withdraw_refund(
            refund_id, ctx(request, patient_for(request, patient_id))
        )
        return _answer(request, done)

    @command("/{refund_id:uuid}/payments", "recordRefundPayment", PAYERS)
    def payment(
        self, request: AnyRequest, refund_id: FromPath[UUID], data: JSONBody[PaymentIn]
    ) -> Response[RefundOut]:
        """The mall reports the payout, or its failure (the refund then stays approved).
        An integration records payouts only if its `source` is a payment source."""
        check_payment_source(request)
        _in_scope(request, refund_id)
        done = carepack(request).record_refund_payment(
            refund_id,
            paid=data.status == "paid",
            provider_ref=data.provider_ref,
            amount=data.amount.to_money() if data.amount else None,
            reason=data.reason,
            ctx=ctx(request),
        )
        return _answer(request, done)
