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
from tests.application.world import World, broken
from tests.fixtures import DOCTOR, LEAD, NURSE, REVIEWER, STAFF, annual_package


def test_given_stale_if_match_version_when_command_runs_then_version_mismatch(
    world: World,
) -> None:
    package = uuid4()
    world.app.draft_package(package, annual_package(), world.c(NURSE))
    before = world.last_position()

    with broken(VersionMismatch, "version_mismatch") as info:
        world.app.submit_package(package, world.c(NURSE), expected_version=2)

    assert info.value.extra == {"current_version": 1}
    assert world.last_position() == before
    world.app.submit_package(package, world.c(NURSE), expected_version=1)
    with broken(VersionMismatch, "version_mismatch"):
        world.app.approve_package(package, world.c(REVIEWER), expected_version=1)
    world.app.approve_package(package, world.c(REVIEWER), expected_version=2)
    assert world.app.load(ServicePackage, package).version == 3


def test_given_published_package_when_price_changed_with_stale_version_then_version_mismatch(
    world: World,
) -> None:
    package = world.publish()
    current = world.app.load(ServicePackage, package).version

    with broken(VersionMismatch, "version_mismatch"):
        world.app.change_price(package, Money.parse("1.00"), world.c(REVIEWER), current - 1)
    world.app.change_price(package, Money.parse("1.00"), world.c(REVIEWER), current)


def test_given_unknown_ids_when_commands_run_then_not_found_codes(world: World) -> None:
    patient, sub = world.active()
    episode = world.episode(patient)
    before = world.last_position()

    with broken(NotFound, "not_found") as info:
        world.app.record_consultation(uuid4(), True, "", world.c(DOCTOR))
    assert info.value.extra == {"kind": "subscription"}
    with broken(NotFound, "not_found") as info:
        world.app.submit_package(uuid4(), world.c(NURSE))
    assert info.value.extra == {"kind": "package"}
    with broken(NotFound, "not_found") as info:
        world.app.record_consultation(patient, True, "", world.c(DOCTOR))  # a patient's id
    assert info.value.extra == {"kind": "subscription"}
    with broken(NotFound, "not_found") as info:
        world.app.change_contact(uuid4(), "13900000000", world.c(STAFF))
    assert info.value.extra == {"kind": "patient"}
    with broken(NotFound, "not_found"):
        world.app.claim_redemption(uuid4(), uuid4(), "escort", "", world.c(STAFF))
    with broken(UnknownRefund, "refund_not_found"):
        world.app.approve_refund(uuid4(), world.c(LEAD))
    with broken(UnknownRedemption, "redemption_not_found"):
        world.app.confirm_redemption(uuid4(), world.c(STAFF))
    with broken(UnknownFollowUp, "follow_up_not_found"):
        world.app.complete_follow_up(episode, uuid4(), "stable", world.c(STAFF))
    assert world.last_position() == before
    assert sub
