"""SQLite is the default store: one application shared by threads must keep the same rules."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest

from application.settings import Settings
from domain.errors import PaymentRefReused
from domain.patient import Patient
from tests.application.world import World, race


@pytest.fixture
def sqlite_world(tmp_path: Path) -> Iterator[World]:
    w = World.over(Settings(database_url=f"sqlite:///{tmp_path / 'events.db'}"))
    yield w
    w.app.close()


def test_given_sqlite_when_ten_threads_buy_with_one_payment_ref_then_exactly_one_succeeds(
    sqlite_world: World,
) -> None:
    patient, package = sqlite_world.patient(), sqlite_world.publish()

    results = race(10, lambda _: sqlite_world.buy(package, patient, payment_ref="MALL-RACE"))

    assert Counter(type(r) for r in results) == {UUID: 1, PaymentRefReused: 9}


def test_given_sqlite_when_threads_buy_for_one_patient_then_every_purchase_is_saved(
    sqlite_world: World,
) -> None:
    patient, package = sqlite_world.patient(), sqlite_world.publish()

    results = race(8, lambda i: sqlite_world.buy(package, patient, payment_ref=f"MALL-{i}"))

    assert all(isinstance(r, UUID) for r in results), results
    assert sorted(sqlite_world.app.load(Patient, patient).subscription_ids) == sorted(results)
