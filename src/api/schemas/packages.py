"""Request and response models of the catalogue."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import ConfigDict, Field

from api.schemas.common import Answer, Body, MoneyModel
from api.schemas.constrained import (
    Code,
    DiseaseCode,
    Identifier,
    LongText,
    Name,
    OptionalIdentifier,
    OptionalName,
    at_most,
    one_of,
)
from domain import limits
from domain.terms import (
    CARE_TEAM_KINDS,
    FIELD_TYPES,
    ITEM_KINDS,
    REDEMPTION_MODES,
    CareTeam,
    IntakeField,
    PackageContent,
    PackageItem,
    RefundPolicy,
)

_EXAMPLE: dict[str, Any] = {
    "code": "DM-ANNUAL",
    "name": "Diabetes annual follow-up",
    "disease_codes": ["E11"],
    "items": [
        {
            "code": "follow_up",
            "name": "Follow-up call",
            "kind": "follow_up",
            "quantity": 12,
            "weight": 100,
            "redemption": "auto",
        },
        {
            "code": "escort",
            "name": "Escorted visit",
            "kind": "per_use",
            "quantity": 2,
            "weight": 300,
            "redemption": "manual",
        },
    ],
    "validity_days": 365,
    "price": {"amount": "1999.00", "currency": "CNY"},
    "care_team": {"kind": "work_group", "id": "endo-team-1", "name": "Endocrinology team 1"},
    "refund_policy": {"full_before_start": True, "cooling_off_days": 7, "fee_pct": 0},
    "consultation_required": True,
    "intake_form": [
        {"id": "height_cm", "label": "Height (cm)", "type": "number", "required": True}
    ],
}


class ItemIn(Body):
    code: Code
    name: Name
    kind: Annotated[str, *one_of(ITEM_KINDS)] = Field(examples=["follow_up"])
    quantity: int = Field(ge=1, le=limits.QUANTITY)
    weight: int = Field(ge=0, le=limits.WEIGHT)
    redemption: Annotated[str, *one_of(REDEMPTION_MODES)] = Field(examples=["auto"])


class PolicyIn(Body):
    full_before_start: bool = True
    cooling_off_days: int = Field(default=0, ge=0, le=limits.VALIDITY_DAYS)
    non_refundable_after_delivery: Annotated[list[Code], at_most(limits.ITEMS)] = []
    fee_pct: int = Field(default=0, ge=0, le=100)


class IntakeFieldIn(Body):
    id: Code
    label: Name
    type: Annotated[str, *one_of(FIELD_TYPES)] = Field(examples=["number"])
    required: bool = False
    options: Annotated[list[Name], at_most(limits.OPTIONS)] = []


class CareTeamIn(Body):
    kind: Annotated[str, *one_of(CARE_TEAM_KINDS)] = Field(examples=["work_group"])
    id: Identifier
    name: OptionalName = ""


class PackageIn(Body):
    """Everything a drafter writes (product §2.3)."""

    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE]})

    code: Code
    name: Name
    disease_codes: list[DiseaseCode] = Field(min_length=1, max_length=limits.DISEASE_CODES)
    items: list[ItemIn] = Field(min_length=1, max_length=limits.ITEMS)
    validity_days: int = Field(ge=1, le=limits.VALIDITY_DAYS)
    price: MoneyModel
    care_team: CareTeamIn
    department: OptionalIdentifier = Field(
        default="",
        description="The department that offers the package (as episodes name theirs); "
        "left out or empty, the whole hospital's.",
        examples=["endocrinology"],
    )
    refund_policy: PolicyIn = PolicyIn()
    consultation_required: bool = False
    intake_form: Annotated[list[IntakeFieldIn], at_most(limits.INTAKE_FIELDS)] = []
    target_population: LongText = ""
    why_manage: LongText = ""
    description: LongText = ""
    precautions: LongText = ""
    refund_rules: LongText = ""

    def to_content(self) -> PackageContent:
        return PackageContent(
            code=self.code,
            name=self.name,
            disease_codes=tuple(self.disease_codes),
            items=tuple(PackageItem(**i.model_dump()) for i in self.items),
            validity_days=self.validity_days,
            price=self.price.to_money(),
            care_team=CareTeam(**self.care_team.model_dump()),
            department=self.department,
            refund_policy=RefundPolicy(
                full_before_start=self.refund_policy.full_before_start,
                cooling_off_days=self.refund_policy.cooling_off_days,
                non_refundable_after_delivery=tuple(
                    self.refund_policy.non_refundable_after_delivery
                ),
                fee_pct=self.refund_policy.fee_pct,
            ),
            consultation_required=self.consultation_required,
            intake_form=tuple(
                IntakeField(f.id, f.label, f.type, f.required, tuple(f.options))
                for f in self.intake_form
            ),
            target_population=self.target_population,
            why_manage=self.why_manage,
            description=self.description,
            precautions=self.precautions,
            refund_rules=self.refund_rules,
        )


class PriceIn(Body):
    price: MoneyModel


class DisplayIn(Body):
    """Any of the display texts; nothing else changes once published."""

    model_config = ConfigDict(
        extra="allow", json_schema_extra={"examples": [{"name": "糖尿病年度随访"}]}
    )

    name: Name | None = None
    description: LongText | None = None
    precautions: LongText | None = None
    target_population: LongText | None = None
    why_manage: LongText | None = None

    def texts(self) -> dict[str, str]:
        given = self.model_dump(exclude_none=True)
        return {k: str(v) for k, v in given.items()}


class ItemOut(Answer):
    code: str
    name: str
    kind: str
    quantity: int
    weight: int
    redemption: str


class PolicyOut(Answer):
    full_before_start: bool
    cooling_off_days: int
    non_refundable_after_delivery: list[str]
    fee_pct: int


class IntakeFieldOut(Answer):
    id: str
    label: str
    type: str
    required: bool
    options: list[str]


class CareTeamOut(Answer):
    kind: str
    id: str
    name: str


class ContentOut(Answer):
    """What a package says (and a subscription's terms keep): content, price, policy."""

    code: str
    name: str
    disease_codes: list[str]
    items: list[ItemOut]
    validity_days: int
    price: MoneyModel
    care_team: CareTeamOut
    department: str = Field(description="the offering department; empty: hospital-wide")
    refund_policy: PolicyOut
    consultation_required: bool
    intake_form: list[IntakeFieldOut]
    target_population: str
    why_manage: str
    description: str
    precautions: str
    refund_rules: str


class PackageStepOut(Answer):
    """One thing someone did to a package: the step, when, who and as which role."""

    step: str = Field(
        description="drafted, revised, submitted, approved, rejected, returned_to_draft, "
        "published, delisted, price_changed or display_changed"
    )
    at: datetime
    actor: str
    role: str
    reason: str | None = Field(default=None, description="rejected, delisted")
    price: MoneyModel | None = Field(default=None, description="price_changed: the new price")
    fields: list[str] | None = Field(default=None, description="display_changed: which texts")


class PackageOut(ContentOut):
    """A package; staff also see its history, authors and reviewer (patients do not)."""

    id: str
    version: int
    status: str
    predecessor_id: str | None = None
    successor_id: str | None = Field(
        default=None, description="the version drafted from this one (replaced by)"
    )
    drafter_id: str
    aggregate_version: int
    author_ids: list[str] | None = Field(
        default=None, description="everyone who drafted or revised it: none of them may review it"
    )
    reviewed_by: str | None = Field(default=None, description="who approved or rejected it last")
    history: list[PackageStepOut] | None = None


class PackagePage(Answer):
    items: list[PackageOut]
    next_cursor: str | None = None
