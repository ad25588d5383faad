"""Request and response models of patients and episodes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import Open
from api.schemas.constrained import (
    Choice,
    DiseaseCode,
    FreeText,
    Identifier,
    IdNumber,
    Name,
    OptionalChoice,
    OptionalUserId,
    Phone,
    Unit,
    UserId,
    at_most,
)
from domain.patient import PERMISSIONS


class PatientIn(BaseModel):
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
    sex: Choice = Field(examples=["female"])
    birth_date: date
    phone: Phone
    id_document_type: Choice = Field(examples=["resident_id"])
    id_number: IdNumber
    department: Identifier | None = Field(
        default=None,
        examples=["endocrinology"],
        description="The registering department, one of the caller's; it may be left out "
        "when the caller's token names exactly one. Before any episode the patient is in "
        "this department's data scope only.",
    )


class PatientOut(Open):
    id: str
    name: str
    id_number: str = Field(description="masked")


class ProxyIn(BaseModel):
    user_id: UserId = Field(examples=["grandson"])
    relation: Choice = Field(examples=["child"])
    permissions: Annotated[list[Choice], at_most(len(PERMISSIONS))] = Field(
        examples=[["purchase", "view"]]
    )


class ConsentIn(BaseModel):
    purpose: Choice = Field(examples=["care_management"])
    given: bool


class Condition(BaseModel):
    code: DiseaseCode = Field(examples=["E11"])
    label: Name = Field(examples=["Type 2 diabetes"])


class EpisodeIn(BaseModel):
    patient_id: UUID
    department: Identifier = Field(examples=["endocrinology"])
    condition: Condition
    care_team_id: Identifier = Field(examples=["endo-team-1"])
    programme: Choice = Field(examples=["chronic_disease"])


class EpisodeOut(Open):
    id: str
    patient_id: str
    department: str
    stage: str
    allowed_moves: list[str] = Field(default=[], description="stages the rules allow next")
    risk_tier: str | None = None


class StageIn(BaseModel):
    """`detail`: free|paid for consulting, the outcome for closed, else a note."""

    model_config = ConfigDict(extra="allow")

    to: Choice = Field(examples=["consulting"])
    detail: FreeText = ""
    doctor_id: OptionalUserId = ""
    outcome: OptionalChoice | None = None
    kind: OptionalChoice | None = None
    note: FreeText | None = None

    def the_detail(self) -> str:
        return self.outcome or self.kind or self.note or self.detail


class Nrs2002In(BaseModel):
    nutritional_status: int = Field(ge=0, le=3)
    disease_severity: int = Field(ge=0, le=3)
    age: int = Field(ge=0, le=130)


class PgSgaIn(BaseModel):
    category: Choice = Field(examples=["B"])
    score: int = Field(ge=0, le=60)


class OverrideIn(BaseModel):
    # No min_length: a missing or empty reason is the domain's rule (422 invalid_screening).
    tier: Choice
    reason: FreeText = ""


class ScreeningIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"nrs2002": {"nutritional_status": 2, "disease_severity": 1, "age": 78}}]
        }
    )

    nrs2002: Nrs2002In | None = None
    pg_sga: PgSgaIn | None = None
    override: OverrideIn | None = None


class ScreeningOut(Open):
    risk_tier: str
    nrs2002_total: int | None = None


class CarePlanIn(BaseModel):
    intervention: Choice = Field(examples=["oral_supplements"])
    interval_days: int = Field(ge=1, le=365)
    note: FreeText = ""


class ObservationIn(BaseModel):
    code: Choice = Field(examples=["body_weight"])
    # Documented as a string of at most 40 characters: Litestar renders a Decimal as one.
    value: Decimal = Field(
        max_digits=18, decimal_places=6, json_schema_extra={"maxLength": 40}, examples=["61.5"]
    )
    unit: Unit = Field(examples=["kg"])
    observed_at: datetime
    source: Choice = Field(default="staff", examples=["staff"])


class FollowUpIn(BaseModel):
    due_on: date
    channel: Choice = Field(examples=["phone"])
    assignee: UserId = Field(examples=["staff-zhao"])


class FollowUpDoneIn(BaseModel):
    outcome: FreeText = Field(min_length=1, examples=["reached; glucose stable"])


class FollowUpDoneOut(Open):
    episode_id: str
    follow_up_id: str
    subscription_id: str | None
    redemption_id: str | None


class RecommendationIn(BaseModel):
    package_id: UUID


class OffersOut(BaseModel):
    items: list[dict[str, Any]]
    next_cursor: str | None = None
