"""Catalogue rules across versions: publishing a new version delists its predecessor."""

from __future__ import annotations

from uuid import uuid4

from domain.errors import PackageNotPublished
from domain.package import ServicePackage
from tests.application.saves import assert_one_save, topics
from tests.clinic import ALL_PROXY_RIGHTS, Clinic
from tests.expect import broken
from tests.fixtures import NURSE, REVIEWER


def test_given_new_version_when_published_then_predecessor_delisted_in_the_same_transaction(
    clinic: Clinic,
) -> None:
    old = clinic.publish()
    new = uuid4()
    clinic.app.draft_new_version(new, old, clinic.c(NURSE))
    clinic.app.submit_package(new, clinic.c(NURSE))
    clinic.app.approve_package(new, clinic.c(REVIEWER))
    before = clinic.last_position()

    done = clinic.app.publish_package(new, clinic.c(REVIEWER))

    written = clinic.written_since(before)
    assert assert_one_save(written, done.position) == {new, old}
    assert topics(written) == ["ServicePackage.Published", "ServicePackage.Delisted"]
    predecessor = clinic.app.load(ServicePackage, old)
    assert predecessor.status == "delisted" and "version 2" in predecessor.reason
    successor = clinic.app.load(ServicePackage, new)
    assert (successor.status, successor.package_version, successor.predecessor_id) == (
        "published",
        2,
        old,
    )


def test_given_predecessor_delisted_when_bought_then_package_not_published(clinic: Clinic) -> None:
    old = clinic.publish()
    new = uuid4()
    clinic.app.draft_new_version(new, old, clinic.c(NURSE))
    clinic.app.submit_package(new, clinic.c(NURSE))
    clinic.app.approve_package(new, clinic.c(REVIEWER))
    clinic.app.publish_package(new, clinic.c(REVIEWER))
    patient = clinic.patient(proxy_rights=ALL_PROXY_RIGHTS)

    with broken(PackageNotPublished, "package_not_published"):
        clinic.buy(old, patient)
    clinic.buy(new, patient)
