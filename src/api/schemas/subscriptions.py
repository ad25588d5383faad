"""Request and response models of subscriptions, redemptions and refunds."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import MONEY_EXAMPLE, Body, MoneyModel, Open
from api.schemas.constrained import (
    Code,
    FreeText,
    Identifier,
    Reference,
    UserId,
    entries_at_most,
    max_properties,
    one_of,
)
from domain import limits
from domain.quote import RefundScope
from domain.refunds import REASONS
from domain.subscription import BUYER_RELATIONS, PAYER_TYPES
from domain.terms import ITEM_KINDS


class Buyer(Body):
    user_id: UserId = Field(examples=["grandson"])
    relation: Annotated[str, *one_of(BUYER_RELATIONS)] = Field(examples=["child"])


class PurchaseIn(Body):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "package_id": "8d9f0c8e-4c1a-4a51-9a77-4c1c1f0f2a10",
                    "patient_id": "1b4e28ba-2fa1-11d2-883f-0016d3cca427",
                    "buyer": {"user_id": "grandson", "relation": "child"},
                    "payer_type": "family",
                    "amount_paid": MONEY_EXAMPLE,
                    "payment_ref": "MALL-20260302-0001",
                }
            ]
        }
    )

    package_id: UUID
    patient_id: UUID
    buyer: Buyer
    payer_type: Annotated[str, *one_of(PAYER_TYPES)] = Field(examples=["family"])
    amount_paid: MoneyModel
    payment_ref: Reference


class SubscriptionOut(Open):
    id: str
    package_id: str
    patient_id: str
    status: str
    amount_paid: MoneyModel
    starts_on: str | None = None
    ends_on: str | None = None


class CancelIn(Body):
    """Why a subscription that has not started, with nothing to refund, is cancelled."""

    reason_code: Annotated[str, *one_of(REASONS)] = Field(examples=["no_longer_needed"])


class ConsultationIn(Body):
    suitable: bool
    notes: FreeText = ""


class IntakeIn(Body):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"answers": {"height_cm": 162, "diagnosed_on": "2019-05-01"}}]
        }
    )

    # Each value is checked against the form's field (a text answer is free text).
    answers: Annotated[
        dict[Code, Any],
        entries_at_most(limits.INTAKE_FIELDS),
        max_properties(limits.INTAKE_FIELDS),
    ]


class EntitlementLine(BaseModel):
    code: str
    kind: str
    granted: int
    redeemed: int
    claimed: int
    revoked: int
    remaining: int


class EntitlementsOut(Open):
    items: list[EntitlementLine]


class ClaimIn(Body):
    item_code: Code = Field(examples=["escort"])
    note: FreeText = ""


class RedemptionOut(Open):
    redemption_id: str
    subscription_id: str | None = None
    status: str


class ReceiptIn(Body):
    source: Identifier = Field(examples=["education_platform"])
    ref: Reference = Field(examples=["EDU-7731"])
    patient_id: UUID
    item_kind: Annotated[str, *one_of(ITEM_KINDS)] = Field(examples=["education"])
    occurred_at: datetime


class ScopeIn(Body):
    type: Literal["items", "remaining", "goodwill"]
    items: Annotated[
        dict[Code, Annotated[int, Field(ge=0, le=limits.QUANTITY)]],
        entries_at_most(limits.ITEMS),
        max_properties(limits.ITEMS),
    ] = {}

    def to_scope(self) -> RefundScope:
        return RefundScope(self.type, dict(self.items))


class RefundIn(Body):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "scope": {"type": "items", "items": {"escort": 1}},
                    "reason_code": "no_longer_needed",
                    "reason_text": "moved to another city",
                }
            ]
        }
    )

    scope: ScopeIn
    reason_code: Annotated[str, *one_of(REASONS)] = Field(examples=["no_longer_needed"])
    reason_text: FreeText = ""
    requested_amount: MoneyModel | None = None


class RefundOut(Open):
    refund_id: str
    subscription_id: str
    status: str
    scope: dict[str, Any]
    quote: MoneyModel | None = None
    agreed_amount: MoneyModel | None = None
    approved_amount: MoneyModel | None = None
    paid_amount: MoneyModel | None = None


class AgreeIn(Body):
    amount: MoneyModel
    note: FreeText = ""


class PaymentIn(Body):
    provider_ref: Reference
    status: Literal["paid", "failed"]
    amount: MoneyModel | None = None
    reason: FreeText = ""
