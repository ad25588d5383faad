"""A lost optimistic-concurrency race is retried on fresh state, not shown to the client."""

from __future__ import annotations

from typing import Any

import pytest
from eventsourcing.persistence import IntegrityError

from application.app import Carepack
from application.settings import Settings
from domain.patient import Patient
from tests.clinic import ALL_PROXY_RIGHTS, Clinic
from tests.fixtures import STAFF


def test_given_stale_aggregate_when_saved_directly_then_integrity_error(
    clinic: Clinic, settings: Settings
) -> None:
    patient = clinic.patient(proxy_rights=ALL_PROXY_RIGHTS)
    stale = clinic.app.load(Patient, patient)
    rival = Carepack(settings, clinic.clock)
    try:
        rival.change_contact(patient, "13911112222", clinic.c(STAFF))
    finally:
        rival.close()

    stale.change_contact("13933334444", clinic.c(STAFF))
    with pytest.raises(IntegrityError):
        clinic.app.save(stale)


def test_given_a_rival_writes_first_when_command_saves_then_it_retries_on_fresh_state(
    clinic: Clinic, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    patient = clinic.patient(proxy_rights=ALL_PROXY_RIGHTS)
    rival = Carepack(settings, clinic.clock)
    save = clinic.app.save
    attempts: list[int] = []

    def save_after_rival(*aggregates: Any, **kwargs: Any) -> Any:
        # The first attempt loses the race: the rival changes the patient in between.
        attempts.append(len(attempts) + 1)
        if len(attempts) == 1:
            rival.authorise_proxy(patient, "daughter", "child", ["view"], clinic.c(STAFF))
        return save(*aggregates, **kwargs)

    monkeypatch.setattr(clinic.app, "save", save_after_rival)
    try:
        done = clinic.app.change_contact(patient, "13955556666", clinic.c(STAFF))
    finally:
        rival.close()

    assert attempts == [1, 2]
    reread = clinic.app.load(Patient, patient)
    assert reread.phone == "13955556666" and reread.relation_of("daughter") == "child"
    assert reread.version == 4 and done.position == clinic.last_position()
