"""Text and list limits (domain.limits): checked by the commands, whoever calls them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from uuid import uuid4

import pytest

from domain import limits
from domain.context import Actor, Ctx
from domain.episode import PatientEpisode
from domain.errors import ControlCharacters, LimitExceeded
from domain.money import Money
from domain.package import ServicePackage
from domain.patient import Patient
from domain.quote import RefundScope
from domain.terms import PackageItem
from tests.domain.builders import active, published
from tests.expect import broken
from tests.fixtures import DOCTOR, NURSE, REVIEWER, STAFF, annual_package, ctx

ASTRAL = "𠀀"  # one code point outside the basic plane (CJK extension B)


def register(name: str = "王秀英", phone: str = "13800000000") -> Patient:
    return Patient.register(
        uuid4(), name=name, sex="female", birth_date=date(1948, 4, 2), phone=phone,
        id_document_type="resident_id", id_number="110101194804021234",
        department="endocrinology", ctx=ctx(NURSE),
    )  # fmt: skip


def episode(code: str = "E11", department: str = "endocrinology") -> PatientEpisode:
    return PatientEpisode.open(
        uuid4(), patient_id=uuid4(), department=department, condition_code=code,
        condition_label="Type 2 diabetes", care_team_id="endo-1", programme="general",
        ctx=ctx(DOCTOR),
    )  # fmt: skip


def test_given_a_name_of_the_maximum_length_in_astral_code_points_then_it_is_registered() -> None:
    patient = register(ASTRAL * limits.NAME)
    assert len(patient.name) == limits.NAME


def test_given_a_name_one_code_point_too_long_then_limit_exceeded_names_the_field() -> None:
    with broken(LimitExceeded, "limit_exceeded") as info:
        register("王" * (limits.NAME + 1))
    assert info.value.extra == {"field": "name", "limit": limits.NAME}


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x7f", "\x85", "\n", "\t", "\u2028", "\ud800"])
def test_given_a_control_character_or_line_break_in_a_name_then_it_is_refused(char: str) -> None:
    with broken(ControlCharacters, "control_characters") as info:
        register(f"王{char}秀英")
    assert info.value.extra == {"field": "name"}


def test_given_newlines_and_tabs_in_free_text_then_they_are_kept() -> None:
    package = published()
    package.delist("superseded:\n\t- by v2", ctx(REVIEWER))
    assert package.reason == "superseded:\n\t- by v2"


@pytest.mark.parametrize("char", ["\x00", "\r", "\x0b", "\x9f"])
def test_given_other_control_characters_in_free_text_then_they_are_refused(char: str) -> None:
    with broken(ControlCharacters, "control_characters"):
        published().delist(f"superseded{char}by v2", ctx(REVIEWER))


def test_given_an_assignee_longer_than_a_user_id_then_the_follow_up_is_refused() -> None:
    with broken(LimitExceeded, "limit_exceeded") as info:
        episode().schedule_follow_up(
            uuid4(), date(2026, 3, 9), "phone", "s" * (limits.USER_ID + 1), ctx(STAFF)
        )
    assert info.value.extra["field"] == "assignee"


def test_given_a_condition_code_that_grows_when_upper_cased_then_the_stored_length_counts() -> None:
    # "ß".upper() is "SS": twenty of them fit the request but not the read model's column.
    with broken(LimitExceeded, "limit_exceeded") as info:
        episode(code="ß" * limits.DISEASE_CODE)
    assert info.value.extra["field"] == "condition.code"


def test_given_a_display_name_longer_than_a_name_then_it_is_refused() -> None:
    with broken(LimitExceeded, "limit_exceeded"):
        published().change_display({"name": "n" * (limits.NAME + 1)}, ctx(REVIEWER))


@pytest.mark.parametrize(
    "change",
    [
        {"code": "c" * (limits.CODE + 1)},
        {"disease_codes": tuple(f"C{i}" for i in range(limits.DISEASE_CODES + 1))},
        {"validity_days": limits.VALIDITY_DAYS + 1},
        {"price": Money(limits.MAX_FEN + 1)},
        {"description": "d" * (limits.LONG_TEXT + 1)},
        {"items": (PackageItem("x", "X", "per_use", limits.QUANTITY + 1, 1, "manual"),)},
        {"items": tuple(PackageItem(f"i{n}", "I", "per_use", 1, 1, "manual") for n in range(51))},
    ],
    ids=["code", "disease_codes", "validity", "price", "description", "quantity", "items"],
)
def test_given_package_content_over_a_limit_then_the_draft_is_refused(
    change: dict[str, object],
) -> None:
    content = replace(annual_package(), **change)  # type: ignore[arg-type]
    with broken(LimitExceeded, "limit_exceeded"):
        ServicePackage.draft(uuid4(), content, ctx(NURSE))


def test_given_a_refund_reason_with_a_nul_then_the_request_is_refused() -> None:
    subscription, _ = active()
    with broken(ControlCharacters, "control_characters") as info:
        subscription.request_refund(
            uuid4(), RefundScope("remaining"), "other", "a\x00b",
            None, None, ctx(STAFF), "staff_on_behalf",
        )  # fmt: skip
    assert info.value.extra == {"field": "reason_text"}


@pytest.mark.parametrize(
    ("actor", "correlation_id", "field"),
    [
        (Actor("u" * (limits.USER_ID + 1), "nurse"), "c-1", "actor"),
        (Actor("nurse-li", "nurse"), "c" * (limits.CORRELATION_ID + 1), "correlation_id"),
        (Actor("nurse-li", "nurse"), "c-\x001", "correlation_id"),
    ],
)
def test_given_an_actor_or_correlation_id_the_audit_cannot_hold_then_no_command_context(
    actor: Actor, correlation_id: str, field: str
) -> None:
    with pytest.raises((LimitExceeded, ControlCharacters)) as info:
        Ctx(actor, correlation_id)
    assert info.value.extra["field"] == field
