"""If-Match versions and unknown ids: stable codes, and nothing written."""

from __future__ import annotations

from uuid import uuid4

from domain.errors import (
    NotFound,
    UnknownFollowUp,
    UnknownRedemption,
    UnknownRefund,
    VersionMismatch,
)
from domain.money import Money
from domain.package import ServicePackage
from tests.clinic import Clinic
from tests.expect import broken
from tests.fixtures import DOCTOR, LEAD, NURSE, REVIEWER, STAFF, annual_package


def test_given_stale_if_match_version_when_command_runs_then_version_mismatch(
    clinic: Clinic,
) -> None:
    package = uuid4()
    clinic.app.draft_package(package, annual_package(), clinic.c(NURSE))
    before = clinic.last_position()

    with broken(VersionMismatch, "version_mismatch") as info:
        clinic.app.submit_package(package, clinic.c(NURSE), expected_version=2)

    assert info.value.extra == {"current_version": 1}
    assert clinic.last_position() == before
    clinic.app.submit_package(package, clinic.c(NURSE), expected_version=1)
    with broken(VersionMismatch, "version_mismatch"):
        clinic.app.approve_package(package, clinic.c(REVIEWER), expected_version=1)
    clinic.app.approve_package(package, clinic.c(REVIEWER), expected_version=2)
    assert clinic.app.load(ServicePackage, package).version == 3


def test_given_published_package_when_price_changed_with_stale_version_then_version_mismatch(
    clinic: Clinic,
) -> None:
    package = clinic.publish()
    current = clinic.app.load(ServicePackage, package).version

    with broken(VersionMismatch, "version_mismatch"):
        clinic.app.change_price(package, Money.parse("1.00"), clinic.c(REVIEWER), current - 1)
    clinic.app.change_price(package, Money.parse("1.00"), clinic.c(REVIEWER), current)


def test_given_unknown_ids_when_commands_run_then_not_found_codes(clinic: Clinic) -> None:
    patient, sub = clinic.active()
    episode = clinic.episode(patient)
    before = clinic.last_position()

    with broken(NotFound, "not_found") as info:
        clinic.app.record_consultation(uuid4(), True, "", clinic.c(DOCTOR))
    assert info.value.extra == {"kind": "subscription"}
    with broken(NotFound, "not_found") as info:
        clinic.app.submit_package(uuid4(), clinic.c(NURSE))
    assert info.value.extra == {"kind": "package"}
    with broken(NotFound, "not_found") as info:
        clinic.app.record_consultation(patient, True, "", clinic.c(DOCTOR))  # a patient's id
    assert info.value.extra == {"kind": "subscription"}
    with broken(NotFound, "not_found") as info:
        clinic.app.change_contact(uuid4(), "13900000000", clinic.c(STAFF))
    assert info.value.extra == {"kind": "patient"}
    with broken(NotFound, "not_found"):
        clinic.app.claim_redemption(uuid4(), uuid4(), "escort", "", clinic.c(STAFF))
    with broken(UnknownRefund, "refund_not_found"):
        clinic.app.approve_refund(uuid4(), clinic.c(LEAD))
    with broken(UnknownRedemption, "redemption_not_found"):
        clinic.app.confirm_redemption(uuid4(), clinic.c(STAFF))
    with broken(UnknownFollowUp, "follow_up_not_found"):
        clinic.app.complete_follow_up(episode, uuid4(), "stable", clinic.c(STAFF))
    assert clinic.last_position() == before
    assert sub
