"""Request and response models of patients and episodes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import Open


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

    name: str = Field(min_length=1, max_length=200)
    sex: str = Field(examples=["female"])
    birth_date: date
    phone: str = Field(min_length=1, max_length=40)
    id_document_type: str = Field(examples=["resident_id"])
    id_number: str = Field(min_length=1, max_length=64)
    department: str | None = Field(
        default=None,
        min_length=1,
        max_length=100,
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
    user_id: str = Field(min_length=1, max_length=200, examples=["grandson"])
    relation: str = Field(examples=["child"])
    permissions: list[str] = Field(examples=[["purchase", "view"]])


class ConsentIn(BaseModel):
    purpose: str = Field(examples=["care_management"])
    given: bool


class Condition(BaseModel):
    code: str = Field(min_length=1, max_length=20, examples=["E11"])
    label: str = Field(min_length=1, max_length=200, examples=["Type 2 diabetes"])


class EpisodeIn(BaseModel):
    patient_id: UUID
    department: str = Field(min_length=1, max_length=100, examples=["endocrinology"])
    condition: Condition
    care_team_id: str = Field(min_length=1, max_length=100, examples=["endo-team-1"])
    programme: str = Field(examples=["chronic_disease"])


class EpisodeOut(Open):
    id: str
    patient_id: str
    department: str
    stage: str
    risk_tier: str | None = None


class StageIn(BaseModel):
    """`detail`: free|paid for consulting, the outcome for closed, else a note."""

    model_config = ConfigDict(extra="allow")

    to: str = Field(examples=["consulting"])
    detail: str = ""
    doctor_id: str = ""
    outcome: str | None = None
    kind: str | None = None
    note: str | None = None

    def the_detail(self) -> str:
        return self.outcome or self.kind or self.note or self.detail


class Nrs2002In(BaseModel):
    nutritional_status: int = Field(ge=0, le=3)
    disease_severity: int = Field(ge=0, le=3)
    age: int = Field(ge=0, le=130)


class PgSgaIn(BaseModel):
    category: str = Field(examples=["B"])
    score: int = Field(ge=0, le=60)


class OverrideIn(BaseModel):
    # No min_length: a missing or empty reason is the domain's rule (422 invalid_screening).
    tier: str
    reason: str = Field(default="", max_length=2000)


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
    intervention: str = Field(examples=["oral_supplements"])
    interval_days: int = Field(ge=1, le=365)
    note: str = ""


class ObservationIn(BaseModel):
    code: str = Field(examples=["body_weight"])
    value: Decimal
    unit: str = Field(examples=["kg"])
    observed_at: datetime
    source: str = Field(default="staff", examples=["staff"])


class FollowUpIn(BaseModel):
    due_on: date
    channel: str = Field(examples=["phone"])
    assignee: str = Field(min_length=1, examples=["staff-zhao"])


class FollowUpDoneIn(BaseModel):
    outcome: str = Field(min_length=1, examples=["reached; glucose stable"])


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
