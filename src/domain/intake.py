"""Checking intake answers (随访建档) against the purchased version's form."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain import limits
from domain.errors import IntakeInvalid
from domain.terms import IntakeField


def _check_value(f: IntakeField, value: Any) -> str | None:
    """Return a message when `value` does not fit field `f`, else None."""
    if f.type == "text":
        if not isinstance(value, str):
            return "must be text"
        limits.text(value, f"answers.{f.id}")
        return None
    if f.type == "number":
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return None if ok else "must be a number"
    if f.type == "bool":
        return None if isinstance(value, bool) else "must be true or false"
    if f.type == "date":
        try:
            date.fromisoformat(value)
        except (TypeError, ValueError):
            return "must be a date (YYYY-MM-DD)"
        return None
    return None if value in f.options else f"must be one of {list(f.options)}"


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def check_answers(form: tuple[IntakeField, ...], answers: dict[str, Any]) -> dict[str, Any]:
    """Required fields present, types right, choices among the options, nothing unknown.

    Raises IntakeInvalid naming every bad field; returns the answers without blanks.
    """
    fields = {f.id: f for f in form}
    errors: dict[str, str] = {}
    for key in answers:
        if key not in fields:
            errors[key] = "is not a field of this form"
    for f in form:
        value = answers.get(f.id)
        if _blank(value):
            if f.required:
                errors[f.id] = "is required"
            continue
        problem = _check_value(f, value)
        if problem:
            errors[f.id] = problem
    if errors:
        listed = "; ".join(f"{k} {v}" for k, v in sorted(errors.items()))
        raise IntakeInvalid(f"the intake form has errors: {listed}", fields=errors)
    return {k: v for k, v in answers.items() if not _blank(v)}
