"""Request and response models of patients and episodes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Literal, TypeAlias
from uuid import UUID

from pydantic import ConfigDict, Field

from api.schemas.common import Answer, Body
from api.schemas.constrained import (
    Choice,
    DiseaseCode,
    FreeText,
    Identifier,
    IdNumber,
    Name,
    OptionalUserId,
    Phone,
    Unit,
    UserId,
    at_most,
    one_of,
)
from api.schemas.packages import PackageOut
from domain.care import CHANNELS, INTERVENTIONS, SOURCES
from domain.episode import CONSULTATION_KINDS, OUTCOMES, PROGRAMMES, STAGES
from domain.nutrition import PG_SGA_CATEGORIES, TIERS
from domain.patient import CONSENT_PURPOSES, ID_DOCUMENT_TYPES, PERMISSIONS, RELATIONS, SEXES


class PatientIn(Body):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "王秀英",
                    "sex": "female",
                    "birth_date": "1948-04-02",
                    "phone": "13800000000",
                    "id_document_type": "resident_id",
                    "id_number": "110101194804021234",
                }
            ]
        }
    )

    name: Name
    sex: Annotated[str, *one_of(SEXES)] = Field(examples=["female"])
    birth_date: date
    phone: Phone
    id_document_type: Annotated[str, *one_of(ID_DOCUMENT_TYPES)] = Field(examples=["resident_id"])
    id_number: IdNumber
    department: Identifier | None = Field(
        default=None,
        examples=["endocrinology"],
        description="The registering department, one of the caller's; it may be left out "
        "when the caller's token names exactly one. Before any episode the patient is in "
        "this department's data scope only.",
    )


class ProxyOut(Answer):
    user_id: str
    relation: str
    permissions: list[str]


class PatientOut(Answer):
    id: str
    name: str
    sex: str
    birth_date: date
    phone: str
    id_document_type: str
    id_number: str = Field(description="masked: at most the last 4 characters show")
    department: str | None = Field(description="the registering department")
    proxies: list[ProxyOut]
    consents: list[str]
    episode_ids: list[str]
    subscription_ids: list[str]


if TYPE_CHECKING:
    Permission: TypeAlias = str
    Outcome: TypeAlias = str
    ConsultationKind: TypeAlias = str
else:  # Literals, so that a list's items and an optional value keep their `enum` too
    Permission = Literal[tuple(sorted(PERMISSIONS))]
    Outcome = Literal[tuple(sorted(OUTCOMES))]
    ConsultationKind = Literal[tuple(sorted(CONSULTATION_KINDS))]


class ProxyIn(Body):
    user_id: UserId = Field(examples=["grandson"])
    relation: Annotated[str, *one_of(RELATIONS)] = Field(examples=["child"])
    permissions: Annotated[list[Permission], at_most(len(PERMISSIONS))] = Field(
        examples=[["purchase", "view"]]
    )


class ConsentIn(Body):
    purpose: Annotated[str, *one_of(CONSENT_PURPOSES)] = Field(examples=["care_management"])
    given: bool


class Condition(Body):
    code: DiseaseCode = Field(examples=["E11"])
    label: Name = Field(examples=["Type 2 diabetes"])


class EpisodeIn(Body):
    patient_id: UUID
    department: Identifier = Field(examples=["endocrinology"])
    condition: Condition
    care_team_id: Identifier = Field(examples=["endo-team-1"])
    programme: Annotated[str, *one_of(PROGRAMMES)] = Field(examples=["chronic_disease"])


class ConditionOut(Answer):
    code: str
    label: str


class CarePlanOut(Answer):
    intervention: str
    interval_days: int


class ObservationOut(Answer):
    code: str
    value: str
    unit: str
    at: datetime


class FollowUpOut(Answer):
    id: str
    due_on: date
    channel: str
    assignee: str
    status: str


class EpisodeOut(Answer):
    id: str
    patient_id: str
    department: str
    condition: ConditionOut
    care_team_id: str
    programme: str
    stage: str
    outcome: str | None
    risk_tier: str | None
    computed_tier: str | None
    nrs2002_total: int | None
    care_plan: CarePlanOut | None
    observations: list[ObservationOut]
    follow_ups: list[FollowUpOut]
    recommended_package_ids: list[str]
    follow_up_id: str | None = Field(
        default=None, description="scheduling a follow-up: the new follow-up's id"
    )
    allowed_moves: list[str] = Field(
        default_factory=list, description="the stages the rules allow next"
    )


class StageIn(Body):
    """`detail`: free|paid for consulting, the outcome for closed, else a note."""

    to: Annotated[str, *one_of(STAGES)] = Field(examples=["consulting"])
    detail: FreeText = ""
    doctor_id: OptionalUserId = ""
    outcome: Outcome | None = None
    kind: ConsultationKind | None = None
    note: FreeText | None = None

    def the_detail(self) -> str:
        return self.outcome or self.kind or self.note or self.detail


class Nrs2002In(Body):
    nutritional_status: int = Field(ge=0, le=3)
    disease_severity: int = Field(ge=0, le=3)
    age: int = Field(ge=0, le=130)


class PgSgaIn(Body):
    category: Annotated[str, *one_of(PG_SGA_CATEGORIES)] = Field(examples=["B"])
    score: int = Field(ge=0, le=60)


class OverrideIn(Body):
    # No min_length: a missing or empty reason is the domain's rule (422 invalid_screening).
    tier: Annotated[str, *one_of(TIERS)]
    reason: FreeText = ""


class ScreeningIn(Body):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"nrs2002": {"nutritional_status": 2, "disease_severity": 1, "age": 78}}]
        }
    )

    nrs2002: Nrs2002In | None = None
    pg_sga: PgSgaIn | None = None
    override: OverrideIn | None = None


class ScreeningOut(EpisodeOut):
    """The episode after the screening: `risk_tier` the tier now in force (an override's,
    else the computed one)."""


class CarePlanIn(Body):
    intervention: Annotated[str, *one_of(INTERVENTIONS)] = Field(examples=["oral_supplements"])
    interval_days: int = Field(ge=1, le=365)
    note: FreeText = ""


class ObservationIn(Body):
    code: Choice = Field(examples=["body_weight"])
    # Documented as a string of at most 40 characters: Litestar renders a Decimal as one.
    value: Decimal = Field(
        max_digits=18, decimal_places=6, json_schema_extra={"maxLength": 40}, examples=["61.5"]
    )
    unit: Unit = Field(examples=["kg"])
    observed_at: datetime
    source: Annotated[str, *one_of(SOURCES)] = Field(default="staff", examples=["staff"])


class FollowUpIn(Body):
    due_on: date
    channel: Annotated[str, *one_of(CHANNELS)] = Field(examples=["phone"])
    assignee: UserId = Field(examples=["staff-zhao"])


class FollowUpDoneIn(Body):
    outcome: FreeText = Field(min_length=1, examples=["reached; glucose stable"])


class FollowUpDoneOut(Answer):
    episode_id: str
    follow_up_id: str
    status: str
    subscription_id: str | None = Field(description="the subscription it redeemed, if any")
    redemption_id: str | None


class RecommendationIn(Body):
    package_id: UUID


class OffersOut(Answer):
    items: list[PackageOut]
    next_cursor: str | None = None
