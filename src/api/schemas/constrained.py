"""What each request string and list is, with its limits: one place for every request model.

The numbers are the domain's (`domain.limits`), so the API refuses with a 422 naming the
field what a command would refuse anyway, and the OpenAPI document states them
(`maxLength`, `maxItems`, `maxProperties`, and the characters refused as a `pattern`).
A single-line value (a name, code, id, reference) holds no control character and no line
break; free text (notes, reasons, descriptions) may hold newlines and tabs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

from litestar.params import PathParameter, QueryParameter
from pydantic import AfterValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from domain import limits

LINE_PATTERN = f"^[^{limits.LINE_REFUSED}]*$"
TEXT_PATTERN = f"^[^{limits.TEXT_REFUSED}]*$"


def _no_control_characters(free_text: bool) -> AfterValidator:
    def check(value: str) -> str:
        found = limits.refused_character(value, free_text=free_text)
        if found is not None:
            allowed = " except newline and tab" if free_text else " nor line breaks"
            raise PydanticCustomError(
                "control_characters",
                "must not contain control characters{allowed} (found U+{code})",
                {"allowed": allowed, "code": f"{ord(found):04X}"},
            )
        return value

    return AfterValidator(check)


_LINE = (
    _no_control_characters(free_text=False),
    Field(json_schema_extra={"pattern": LINE_PATTERN}),
)
_TEXT = (_no_control_characters(free_text=True), Field(json_schema_extra={"pattern": TEXT_PATTERN}))


def _length(max_length: int, min_length: int = 0) -> StringConstraints:
    return StringConstraints(min_length=min_length or None, max_length=max_length)


# --- single-line values ----------------------------------------------------------------
Name = Annotated[str, _length(limits.NAME, 1), *_LINE]
"""A person's, package's or item's name; a form field's label or option."""
OptionalName = Annotated[str, _length(limits.NAME), *_LINE]
Code = Annotated[str, _length(limits.CODE, 1), *_LINE]
"""A package, item or intake-field code."""
DiseaseCode = Annotated[str, _length(limits.DISEASE_CODE, 1), *_LINE]
"""An ICD-10 code."""
Identifier = Annotated[str, _length(limits.IDENTIFIER, 1), *_LINE]
"""A department, care team or integration source."""
OptionalIdentifier = Annotated[str, _length(limits.IDENTIFIER), *_LINE]
"""A department that may be left empty (a hospital-wide package)."""
UserId = Annotated[str, _length(limits.USER_ID, 1), *_LINE]
OptionalUserId = Annotated[str, _length(limits.USER_ID), *_LINE]
Reference = Annotated[str, _length(limits.REFERENCE, 1), *_LINE]
"""A payment, provider or receipt reference."""
Phone = Annotated[str, _length(limits.PHONE, 1), *_LINE]
IdNumber = Annotated[str, _length(limits.ID_NUMBER, 1), *_LINE]
Unit = Annotated[str, _length(limits.UNIT, 1), *_LINE]
Choice = Annotated[str, _length(limits.CHOICE, 1), *_LINE]
"""One of a fixed set of values (sex, relation, kind...): the rules name the set."""
OptionalChoice = Annotated[str, _length(limits.CHOICE), *_LINE]


def one_of(values: Iterable[str]) -> tuple[Any, ...]:
    """`Annotated[str, *one_of(SET)]`: one code of a fixed set, listed as the field's `enum`
    in the document (and so as a union of literals in generated clients)."""
    allowed: list[Any] = sorted(values)

    def check(value: str) -> str:
        if value not in allowed:
            raise PydanticCustomError(
                "enum", "must be one of: {expected}", {"expected": ", ".join(allowed)}
            )
        return value

    return (
        StringConstraints(max_length=limits.CHOICE),
        AfterValidator(check),
        Field(json_schema_extra={"enum": allowed}),
    )


# --- free text ---------------------------------------------------------------------------
FreeText = Annotated[str, _length(limits.FREE_TEXT), *_TEXT]
"""A note, a reason, an outcome."""
LongText = Annotated[str, _length(limits.LONG_TEXT), *_TEXT]
"""A package's description, precautions, refund rules."""


def at_most(items: int) -> Any:
    """`Annotated[list[X], at_most(n)]`: a list of at most `n` entries (`maxItems`)."""
    return Field(max_length=items)


def entries_at_most(items: int) -> AfterValidator:
    """A mapping of at most `items` keys; pair it with `max_properties(items)` for the
    document (a `max_length` on a dict, Litestar would document as an array)."""

    def check(value: dict[Any, Any]) -> dict[Any, Any]:
        if len(value) > items:
            raise PydanticCustomError(
                "too_many_entries", "must have at most {limit} entries", {"limit": items}
            )
        return value

    return AfterValidator(check)


def max_properties(items: int) -> Any:
    return Field(json_schema_extra={"maxProperties": items})


def query_text(max_length: int) -> Any:
    """A free-form query parameter: bounded and free of control characters."""
    return QueryParameter(max_length=max_length, pattern=LINE_PATTERN)


def path_text(max_length: int) -> Any:
    """A free-form path segment: bounded and free of control characters."""
    return PathParameter(max_length=max_length, pattern=LINE_PATTERN)
