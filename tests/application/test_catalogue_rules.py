"""Catalogue rules across versions: publishing a new version delists its predecessor."""

from __future__ import annotations

from uuid import uuid4

from domain.errors import PackageNotPublished
from domain.package import ServicePackage
from tests.application.world import World, assert_one_save, broken, topics
from tests.fixtures import NURSE, REVIEWER


def test_given_new_version_when_published_then_predecessor_delisted_in_the_same_transaction(
    world: World,
) -> None:
    old = world.publish()
    new = uuid4()
    world.app.draft_new_version(new, old, world.c(NURSE))
    world.app.submit_package(new, world.c(NURSE))
    world.app.approve_package(new, world.c(REVIEWER))
    before = world.last_position()

    done = world.app.publish_package(new, world.c(REVIEWER))

    written = world.written_since(before)
    assert assert_one_save(written, done.position) == {new, old}
    assert topics(written) == ["ServicePackage.Published", "ServicePackage.Delisted"]
    predecessor = world.app.load(ServicePackage, old)
    assert predecessor.status == "delisted" and "version 2" in predecessor.reason
    successor = world.app.load(ServicePackage, new)
    assert (successor.status, successor.package_version, successor.predecessor_id) == (
        "published",
        2,
        old,
    )


def test_given_predecessor_delisted_when_bought_then_package_not_published(world: World) -> None:
    old = world.publish()
    new = uuid4()
    world.app.draft_new_version(new, old, world.c(NURSE))
    world.app.submit_package(new, world.c(NURSE))
    world.app.approve_package(new, world.c(REVIEWER))
    world.app.publish_package(new, world.c(REVIEWER))
    patient = world.patient()

    with broken(PackageNotPublished, "package_not_published"):
        world.buy(old, patient)
    world.buy(new, patient)
