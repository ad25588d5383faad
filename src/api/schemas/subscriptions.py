"""Request and response models of subscriptions, redemptions and refunds."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import ConfigDict, Field

from api.schemas.common import MONEY_EXAMPLE, Answer, Body, MoneyModel
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
from api.schemas.packages import ContentOut, PolicyOut
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


class BuyerOut(Answer):
    user_id: str
    relation: str


class EntitlementLine(Answer):
    code: str
    kind: str
    granted: int
    redeemed: int
    claimed: int
    revoked: int
    remaining: int


class FinanceItemOut(Answer):
    code: str
    kind: str
    quantity: int
    weight: int
    redemption: str


class FinanceTermsOut(Answer):
    """The terms as finance sees them: money and codes, no clinical or personal text."""

    code: str
    price: MoneyModel
    validity_days: int
    refund_policy: PolicyOut
    items: list[FinanceItemOut]


class SubscriptionOut(Answer):
    """Staff, the patient and proxies see the terms whole and the buyer; finance sees the
    money fields and the terms' codes only (`buyer` absent)."""

    id: str
    package_id: str
    package_version: int
    patient_id: str
    status: str
    amount_paid: MoneyModel
    payer_type: str
    buyer: BuyerOut | None = None
    payment_ref: str
    purchased_at: datetime
    starts_on: date | None
    ends_on: date | None
    terms: ContentOut | FinanceTermsOut
    refundable: MoneyModel
    refunded: MoneyModel
    refund_ids: list[str]
    entitlements: list[EntitlementLine]
    refund_id: str | None = Field(
        default=None, description="an unsuitable consultation: the system's refund, if any"
    )


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


class EntitlementsOut(Answer):
    items: list[EntitlementLine]
    valid_from: date | None
    valid_until: date | None


class ClaimIn(Body):
    item_code: Code = Field(examples=["escort"])
    note: FreeText = ""


class RedemptionOut(Answer):
    id: str
    redemption_id: str
    subscription_id: str | None = None
    patient_id: str | None = None
    item_code: str | None = None
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


class ScopeOut(Answer):
    type: str
    items: dict[str, int] = Field(default_factory=dict, description="for `items` refunds")


class QuoteLineOut(Answer):
    code: str
    units: int
    value: MoneyModel


class QuoteOut(Answer):
    amount: MoneyModel
    gross: MoneyModel
    fee: MoneyModel
    basis: str
    lines: list[QuoteLineOut]


class RefundStepOut(Answer):
    """One thing someone did to a refund: the step, when, who and as which role."""

    step: str = Field(description="requested, quoted, agreed, approved, rejected, withdrawn, "
                      "paid or payment_failed")  # fmt: skip
    at: datetime
    actor: str
    role: str
    amount: MoneyModel | None = None
    note: str | None = Field(
        default=None,
        description="the request's reason text, the call's note, the rejection's or the "
        "failed payout's reason (finance: the failed payout's only)",
    )
    provider_ref: str | None = None


class BreakdownLineOut(Answer):
    code: str
    name: str | None = Field(default=None, description="absent for finance")
    kind: str
    bought: int = Field(description="units the package grants")
    weight: int
    used: int = Field(description="units redeemed or claimed so far")
    units: int = Field(description="units this refund gives back")
    value: MoneyModel


class BreakdownOut(Answer):
    """The quote as computed when the refund was asked for (product §3)."""

    basis: str = Field(description="full_before_start, cooling_off, pro_rata, in_full or goodwill")
    gross: MoneyModel
    fee: MoneyModel
    fee_pct: int
    amount: MoneyModel
    lines: list[BreakdownLineOut]


class RefundOut(Answer):
    refund_id: str
    subscription_id: str
    patient_id: str
    status: str
    scope: ScopeOut
    channel: str
    reason_code: str
    requested_by: str
    requested_amount: MoneyModel | None
    quote: MoneyModel | None
    agreed_amount: MoneyModel | None
    agreed_by: str | None
    approved_amount: MoneyModel | None
    approved_by: str | None
    paid_amount: MoneyModel | None
    provider_ref: str | None
    quote_detail: QuoteOut | None = Field(
        default=None, description="requesting a refund: the quote line by line"
    )
    approval_by: Literal["service_lead", "finance"] = Field(
        description="who approves: finance above the quote or for goodwill (product §2.4)"
    )
    package_code: str
    package_name: str | None = Field(default=None, description="absent for finance")
    amount_paid: MoneyModel
    refundable: MoneyModel
    history: list[RefundStepOut]
    breakdown: BreakdownOut | None


class AgreeIn(Body):
    amount: MoneyModel
    note: FreeText = ""


class PaymentIn(Body):
    provider_ref: Reference
    status: Literal["paid", "failed"]
    amount: MoneyModel | None = None
    reason: FreeText = ""
