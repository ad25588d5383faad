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


class Status(Open):
    id: str
    status: str


class Page(BaseModel):
    items: list[dict[str, Any]]
    next_cursor: str | None = None


class Problem(Open):
    """RFC 9457 problem details, with the rule's stable `code` (and rule-specific extras)."""

    type: str
    title: str
    status: int
    detail: str
    code: str = Field(examples=["entitlement_exhausted"])
