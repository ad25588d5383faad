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
from tests.application.saves import race
from tests.clinic import ALL_PROXY_RIGHTS, Clinic


@pytest.fixture
def sqlite_clinic(tmp_path: Path) -> Iterator[Clinic]:
    w = Clinic.over(Settings(database_url=f"sqlite:///{tmp_path / 'events.db'}"))
    yield w
    w.app.close()


def test_given_sqlite_when_ten_threads_buy_with_one_payment_ref_then_exactly_one_succeeds(
    sqlite_clinic: Clinic,
) -> None:
    patient, package = sqlite_clinic.patient(proxy_rights=ALL_PROXY_RIGHTS), sqlite_clinic.publish()

    results = race(10, lambda _: sqlite_clinic.buy(package, patient, payment_ref="MALL-RACE"))

    assert Counter(type(r) for r in results) == {UUID: 1, PaymentRefReused: 9}


def test_given_sqlite_when_threads_buy_for_one_patient_then_every_purchase_is_saved(
    sqlite_clinic: Clinic,
) -> None:
    patient, package = sqlite_clinic.patient(proxy_rights=ALL_PROXY_RIGHTS), sqlite_clinic.publish()

    results = race(8, lambda i: sqlite_clinic.buy(package, patient, payment_ref=f"MALL-{i}"))

    assert all(isinstance(r, UUID) for r in results), results
    assert sorted(sqlite_clinic.app.load(Patient, patient).subscription_ids) == sorted(results)
