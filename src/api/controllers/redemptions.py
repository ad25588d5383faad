"""Redemptions (核销): completion receipts, and the manual confirm/dispute/reverse/uphold."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Response
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, JSONBody

from api.integrations import check_receipt_source
from api.requests import API_PREFIX, AnyRequest, answer, carepack, ctx
from api.routes import command
from api.schemas.common import Reason
from api.schemas.subscriptions import ReceiptIn, RedemptionOut
from api.scope import check_patient, patient_for
from application import views
from application.base import Done
from domain.errors import UnknownRedemption
from domain.roles import INTEGRATIONS, LEADS, PATIENT_SIDE, STAFF


class ReceiptController(Controller):
    path = f"{API_PREFIX}/receipts"
    tags = ["redemptions"]

    @command(
        "/",
        "receiveReceipt",
        STAFF,
        INTEGRATIONS,
        status=201,
        break_glass=True,
        answers={200: ResponseSpec(RedemptionOut, description="The same receipt again")},
    )
    def receive(self, request: AnyRequest, data: JSONBody[ReceiptIn]) -> Response[RedemptionOut]:
        """A completion receipt redeems a unit: 201; the same `ref` again: 200, same answer.
        An integration sends receipts only for its token's `source` (else 403
        `source_mismatch`)."""
        check_receipt_source(request, data.source)
        check_patient(request, data.patient_id)
        done = carepack(request).receive_receipt(
            data.source, data.ref, data.patient_id, data.item_kind, data.occurred_at, ctx(request)
        )
        body = views.fields(done.outcome)
        body["id"] = body["redemption_id"]
        status = 200 if body.pop("replayed") else 201
        return answer(request, body, done, status=status, patient_id=data.patient_id)


def _locate(request: AnyRequest, redemption_id: UUID) -> UUID:
    """The ledger holding the redemption, once its patient is checked to be in scope."""
    app = carepack(request)
    ledger_id = app.redemption_ledger_id(redemption_id)
    if ledger_id is None:
        raise UnknownRedemption(f"no redemption {redemption_id}")
    found = views.redemption(app, ledger_id, redemption_id)
    check_patient(request, UUID(found["patient_id"]))
    return UUID(found["patient_id"])


def _answer(request: AnyRequest, redemption_id: UUID, done: Done[Any]) -> Response[RedemptionOut]:
    app = carepack(request)
    ledger_id = app.redemption_ledger_id(redemption_id)
    assert ledger_id is not None
    body = views.redemption(app, ledger_id, redemption_id)
    content = {"id": str(redemption_id), **body}
    return answer(request, content, done, patient_id=body["patient_id"])


class RedemptionController(Controller):
    path = f"{API_PREFIX}/redemptions"
    tags = ["redemptions"]

    @command("/{redemption_id:uuid}/confirm", "confirmRedemption", PATIENT_SIDE)
    def confirm(
        self, request: AnyRequest, redemption_id: FromPath[UUID]
    ) -> Response[RedemptionOut]:
        """The patient (or a proxy with `confirm_redemption`) confirms a claimed unit."""
        patient_id = _locate(request, redemption_id)
        done = carepack(request).confirm_redemption(
            redemption_id, ctx(request, patient_for(request, patient_id))
        )
        return _answer(request, redemption_id, done)

    @command("/{redemption_id:uuid}/dispute", "disputeRedemption", PATIENT_SIDE)
    def dispute(
        self, request: AnyRequest, redemption_id: FromPath[UUID], data: JSONBody[Reason]
    ) -> Response[RedemptionOut]:
        patient_id = _locate(request, redemption_id)
        done = carepack(request).dispute_redemption(
            redemption_id, data.reason, ctx(request, patient_for(request, patient_id))
        )
        return _answer(request, redemption_id, done)

    @command("/{redemption_id:uuid}/reverse", "reverseRedemption", LEADS, break_glass=True)
    def reverse(
        self, request: AnyRequest, redemption_id: FromPath[UUID], data: JSONBody[Reason]
    ) -> Response[RedemptionOut]:
        """A service lead settles a dispute for the patient: the unit returns."""
        _locate(request, redemption_id)
        done = carepack(request).reverse_redemption(redemption_id, data.reason, ctx(request))
        return _answer(request, redemption_id, done)

    @command("/{redemption_id:uuid}/uphold", "upholdRedemption", LEADS, break_glass=True)
    def uphold(
        self, request: AnyRequest, redemption_id: FromPath[UUID], data: JSONBody[Reason]
    ) -> Response[RedemptionOut]:
        """A service lead settles a dispute for the clinic: the unit stays redeemed."""
        _locate(request, redemption_id)
        done = carepack(request).uphold_redemption(redemption_id, data.reason, ctx(request))
        return _answer(request, redemption_id, done)
