"""A lost optimistic-concurrency race is retried on fresh state, not shown to the client."""

from __future__ import annotations

from typing import Any

import pytest
from eventsourcing.persistence import IntegrityError

from application.app import Carepack
from application.settings import Settings
from domain.patient import Patient
from tests.application.world import World
from tests.fixtures import STAFF


def test_given_stale_aggregate_when_saved_directly_then_integrity_error(
    world: World, settings: Settings
) -> None:
    patient = world.patient()
    stale = world.app.load(Patient, patient)
    rival = Carepack(settings, world.clock)
    try:
        rival.change_contact(patient, "13911112222", world.c(STAFF))
    finally:
        rival.close()

    stale.change_contact("13933334444", world.c(STAFF))
    with pytest.raises(IntegrityError):
        world.app.save(stale)


def test_given_a_rival_writes_first_when_command_saves_then_it_retries_on_fresh_state(
    world: World, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    patient = world.patient()
    rival = Carepack(settings, world.clock)
    save = world.app.save
    attempts: list[int] = []

    def save_after_rival(*aggregates: Any, **kwargs: Any) -> Any:
        # The first attempt loses the race: the rival changes the patient in between.
        attempts.append(len(attempts) + 1)
        if len(attempts) == 1:
            rival.authorise_proxy(patient, "daughter", "child", ["view"], world.c(STAFF))
        return save(*aggregates, **kwargs)

    monkeypatch.setattr(world.app, "save", save_after_rival)
    try:
        done = world.app.change_contact(patient, "13955556666", world.c(STAFF))
    finally:
        rival.close()

    assert attempts == [1, 2]
    reread = world.app.load(Patient, patient)
    assert reread.phone == "13955556666" and reread.relation_of("daughter") == "child"
    assert reread.version == 4 and done.position == world.last_position()
