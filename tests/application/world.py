"""A test world over one Carepack application: a clock and builders for the usual setup."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from threading import Barrier
from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import Notification

from application.app import Carepack
from application.clock import FixedClock
from application.settings import Settings
from domain.context import Actor, Ctx
from domain.errors import DomainError
from domain.money import Money
from domain.terms import PackageContent
from tests.fixtures import (
    DOCTOR,
    INTAKE,
    MALL,
    NURSE,
    REVIEWER,
    STAFF,
    START,
    annual_package,
    ctx,
    proxy_actor,
)

GRANDSON = "grandson"
ALL_PROXY_RIGHTS = ["purchase", "confirm_redemption", "request_refund", "view"]


@contextmanager
def broken(error: type[DomainError], code: str) -> Iterator[pytest.ExceptionInfo[DomainError]]:
    """Expect exactly `error` (not a parent or a sibling) carrying its stable `code`."""
    with pytest.raises(DomainError) as info:
        yield info
    assert type(info.value) is error, f"{type(info.value).__name__}: {info.value}"
    assert info.value.code == code


@dataclass
class World:
    """One application, a fixed clock and builders; ids come back for the test to use."""

    app: Carepack
    clock: FixedClock

    @classmethod
    def over(cls, settings: Settings) -> World:
        clock = FixedClock(START)
        return cls(Carepack(settings, clock), clock)

    def c(self, actor: Actor) -> Ctx:
        return ctx(actor, self.clock.now())

    def publish(self, content: PackageContent | None = None) -> UUID:
        package_id = uuid4()
        self.app.draft_package(package_id, content or annual_package(), self.c(NURSE))
        self.app.submit_package(package_id, self.c(NURSE))
        self.app.approve_package(package_id, self.c(REVIEWER))
        self.app.publish_package(package_id, self.c(REVIEWER))
        return package_id

    def patient(self, proxy_rights: list[str] | None = None) -> UUID:
        """A registered patient whose grandson holds `proxy_rights` (all of them by default)."""
        patient_id = uuid4()
        self.app.register_patient(
            patient_id, name="王秀英", sex="female", birth_date=date(1948, 4, 2),
            phone="13800000000", id_document_type="resident_id",
            id_number="110101194804021234", department="endocrinology",
            ctx=self.c(STAFF),
        )  # fmt: skip
        rights = ALL_PROXY_RIGHTS if proxy_rights is None else proxy_rights
        self.app.authorise_proxy(patient_id, GRANDSON, "child", rights, self.c(STAFF))
        return patient_id

    def episode(self, patient_id: UUID) -> UUID:
        episode_id = uuid4()
        self.app.open_episode(
            episode_id, patient_id=patient_id, department="endocrinology",
            condition_code="E11", condition_label="Type 2 diabetes",
            care_team_id="endo-team-1", programme="chronic_disease", ctx=self.c(DOCTOR),
        )  # fmt: skip
        return episode_id

    def buy(
        self,
        package_id: UUID,
        patient_id: UUID,
        *,
        payment_ref: str | None = None,
        actor: Actor = MALL,
        price: str = "1999.00",
    ) -> UUID:
        subscription_id = uuid4()
        self.app.purchase(
            subscription_id, package_id=package_id, patient_id=patient_id,
            buyer_user_id=GRANDSON, buyer_relation="child", payer_type="family",
            amount_paid=Money.parse(price), payment_ref=payment_ref or f"MALL-{uuid4()}",
            ctx=self.c(actor),
        )  # fmt: skip
        return subscription_id

    def activate(self, subscription_id: UUID, patient_id: UUID) -> None:
        """Consult (suitable) where needed, then submit the intake as the grandson."""
        self.app.record_consultation(subscription_id, True, "suitable", self.c(DOCTOR))
        self.app.submit_intake(subscription_id, INTAKE, self.c(proxy_actor(GRANDSON, patient_id)))

    def active(
        self, content: PackageContent | None = None, patient_id: UUID | None = None
    ) -> tuple[UUID, UUID]:
        """(patient id, subscription id) of an active subscription of a new package."""
        patient_id = patient_id or self.patient()
        subscription_id = self.buy(self.publish(content), patient_id)
        self.activate(subscription_id, patient_id)
        return patient_id, subscription_id

    def later(self, days: int) -> None:
        self.clock.advance(timedelta(days=days))

    def notifications(self) -> list[Notification]:
        """Every notification in the store, in position order."""
        return list(self.app.recorder.select_notifications(1, 10_000))

    def last_position(self) -> int:
        return self.app.recorder.max_notification_id() or 0

    def written_since(self, position: int) -> list[Notification]:
        """The notifications after `position` (single-threaded: what the last command saved)."""
        return [n for n in self.notifications() if n.id > position]


def assert_one_save(written: list[Notification], position: int | None) -> set[UUID]:
    """The events are contiguous in the store and `position` is the last; returns originators."""
    ids = [n.id for n in written]
    assert ids, "nothing was written"
    assert ids == list(range(ids[0], ids[0] + len(ids))), f"not contiguous: {ids}"
    assert position == ids[-1]
    return {n.originator_id for n in written}  # type: ignore[misc]


def topics(written: list[Notification]) -> list[str]:
    return [n.topic.rsplit(":", 1)[-1] for n in written]


def race(n: int, job: Callable[[int], Any]) -> list[Any]:
    """Run `job(i)` in n threads released together; each result, or the domain error raised."""
    barrier = Barrier(n)

    def run(i: int) -> Any:
        barrier.wait()
        try:
            return job(i)
        except DomainError as error:
            return error

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(run, range(n)))
