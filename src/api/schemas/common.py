"""Models every resource shares: money, reasons, command answers, pages."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.constrained import FreeText
from domain import limits
from domain.money import Money

MONEY_EXAMPLE: Any = {"amount": "1999.00", "currency": "CNY"}


class Body(BaseModel):
    """A request body (or part of one): a field the API does not know is refused (422 naming
    it), never silently dropped — a misspelt field would otherwise change nothing."""

    model_config = ConfigDict(extra="forbid")


class MoneyModel(Body):
    """Money as a decimal string with at most two places: never a float."""

    model_config = ConfigDict(json_schema_extra={"examples": [MONEY_EXAMPLE]})

    # At most MAX_FEN (twelve digits of fen): larger amounts no read model could sum.
    amount: str = Field(
        pattern=rf"^-?\d{{1,{len(str(limits.MAX_FEN)) - 2}}}(\.\d{{1,2}})?$",
        max_length=len(str(limits.MAX_FEN)) + 2,
        examples=["1999.00"],
    )
    currency: str = Field(default="CNY", max_length=3, pattern=r"^[A-Z]{3}$")

    def to_money(self) -> Money:
        return Money.parse(self.amount, self.currency)


class Reason(Body):
    # Required, but a blank one is the domain's rule to refuse (one code for "" and " ").
    reason: FreeText = Field(examples=["duplicate of DM-ANNUAL v2"])


class Note(Body):
    reason: FreeText = ""


class Open(BaseModel):
    """A response that documents its key fields and passes any others through."""

    model_config = ConfigDict(extra="allow")


class Answer(BaseModel):
    """A response body: every field it sends is declared here, and nothing else is sent
    (`api.requests` validates each answer against its handler's declared model)."""

    model_config = ConfigDict(extra="forbid")


class Status(Open):
    id: str
    status: str


class Page(BaseModel):
    items: list[dict[str, Any]]
    next_cursor: str | None = None


class FieldError(BaseModel):
    message: str
    key: str | None = None
    source: str | None = None


class Problem(BaseModel):
    """RFC 9457 problem details, with the rule's stable `code`; `errors` names the fields of
    a 422 `validation_error`, and a rule may add members of its own (e.g. `item`, `line`,
    `from_stage`), as RFC 9457 allows."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"additionalProperties": True})

    type: str
    title: str
    status: int
    detail: str
    code: str = Field(examples=["entitlement_exhausted"])
    # Members some rules add (RFC 9457 extension members):
    errors: list[FieldError] | None = Field(default=None, description="validation_error")
    fields: dict[str, Any] | list[Any] | None = Field(default=None, description="per field")
    field: str | None = Field(default=None, description="the field over its limit")
    limit: int | None = Field(default=None, description="the limit it is over")
    kind: str | None = Field(default=None, description="not_found: what was not found")
    item: str | None = Field(default=None, description="the item a rule is about")
    from_stage: str | None = None
    to_stage: str | None = None
    current_version: int | None = Field(default=None, description="version_mismatch")
    resource_status: str | None = Field(
        default=None, description="the status of the resource the rule refused to change"
    )
    line: int | None = Field(default=None, description="invalid_settlement_file: the line")
