"""Intake answers (随访建档) are checked against the purchased version's form (product §2.4)."""

from __future__ import annotations

from typing import Any

import pytest

from domain.errors import IntakeInvalid
from domain.intake import check_answers
from domain.terms import IntakeField
from tests.domain.builders import bought
from tests.expect import broken
from tests.fixtures import INTAKE, MALL, annual_package, ctx

FORM = annual_package().intake_form


@pytest.mark.parametrize(
    ("changes", "bad"),
    [({"height_cm": None}, "height_cm"), ({"diagnosed_on": "  "}, "diagnosed_on"),
     ({"height_cm": "162"}, "height_cm"), ({"height_cm": True}, "height_cm"),
     ({"diagnosed_on": "2019-13-01"}, "diagnosed_on"), ({"diagnosed_on": 2019}, "diagnosed_on"),
     ({"insulin": "no"}, "insulin"), ({"diet": "keto"}, "diet"), ({"shoe_size": 38}, "shoe_size")],
)  # fmt: skip
def test_intake_checks_required_types_and_options(changes: dict[str, Any], bad: str) -> None:
    answers = {**INTAKE, **changes}
    with broken(IntakeInvalid, "intake_invalid") as error:
        check_answers(FORM, answers)
    assert set(error.value.extra["fields"]) == {bad}


def test_intake_names_every_bad_field_at_once() -> None:
    with broken(IntakeInvalid, "intake_invalid") as error:
        check_answers(FORM, {"diet": "keto"})
    assert set(error.value.extra["fields"]) == {"height_cm", "diagnosed_on", "diet"}


def test_optional_blanks_are_dropped_and_numbers_may_be_decimals() -> None:
    answers = {"height_cm": 162.5, "diagnosed_on": "2019-05-01", "insulin": None, "diet": ""}
    assert check_answers(FORM, answers) == {"height_cm": 162.5, "diagnosed_on": "2019-05-01"}
    assert check_answers((), {}) == {}


def test_text_fields_take_text_only() -> None:
    form = (IntakeField("note", "Note", "text", required=True),)
    assert check_answers(form, {"note": "ok"}) == {"note": "ok"}
    with broken(IntakeInvalid, "intake_invalid"):
        check_answers(form, {"note": 5})


def test_a_required_text_field_given_only_blanks_is_refused_as_required() -> None:
    form = (
        IntakeField("note", "Note", "text", required=True),
        IntakeField("remark", "Remark", "text"),
    )
    with broken(IntakeInvalid, "intake_invalid") as error:
        check_answers(form, {"note": "  ", "remark": "fine"})
    assert error.value.extra["fields"] == {"note": "is required"}


def test_a_rejected_intake_leaves_the_subscription_awaiting_it() -> None:
    subscription = bought()
    with broken(IntakeInvalid, "intake_invalid"):
        subscription.submit_intake({"diet": "keto"}, ctx(MALL))
    assert subscription.status == "awaiting_intake" and not subscription.started
