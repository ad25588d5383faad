"""A package's content is checked as a whole before any event (product §2.3 and 3)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from domain.errors import InvalidPackage
from domain.money import Money
from domain.terms import CareTeam, IntakeField, PackageItem, RefundPolicy, Terms
from tests.domain.builders import published
from tests.expect import broken
from tests.fixtures import annual_package, diabetes_items

ITEM = PackageItem("x", "X", "education", 1, 1, "auto")


@pytest.mark.parametrize(
    "changes",
    [{"code": ""}, {"name": ""}, {"items": ()}, {"validity_days": 0}, {"price": Money(-1)},
     {"items": (ITEM, ITEM)}, {"items": (replace(ITEM, code=""),)},
     {"items": (replace(ITEM, kind="massage"),)}, {"items": (replace(ITEM, redemption="x"),)},
     {"items": (replace(ITEM, quantity=0),)}, {"items": (replace(ITEM, weight=-1),)},
     {"items": (replace(ITEM, weight=0),)}, {"care_team": CareTeam("family", "f")},
     {"care_team": CareTeam("doctor", "")},
     {"refund_policy": RefundPolicy(cooling_off_days=-1)},
     {"refund_policy": RefundPolicy(fee_pct=101)}, {"refund_policy": RefundPolicy(fee_pct=-1)},
     {"refund_policy": RefundPolicy(non_refundable_after_delivery=("ghost",))},
     {"intake_form": (IntakeField("a", "A", "colour"),)},
     {"intake_form": (IntakeField("", "A", "text"),)},
     {"intake_form": (IntakeField("a", "A", "choice"),)},
     {"intake_form": (IntakeField("a", "A", "text"), IntakeField("a", "B", "bool"))}],
)  # fmt: skip
def test_package_content_is_checked_as_a_whole(changes: dict[str, Any]) -> None:
    with broken(InvalidPackage, "invalid_package"):
        replace(annual_package(), **changes).check()


def test_valid_content_passes_and_a_free_package_is_allowed() -> None:
    annual_package().check()
    annual_package(price="0").check()
    replace(annual_package(), care_team=CareTeam("doctor", "dr-wang")).check()


def test_terms_find_items_by_code() -> None:
    terms = published().terms()
    assert isinstance(terms, Terms)
    assert terms.item("escort") == diabetes_items()[1]
    assert terms.item("massage") is None
