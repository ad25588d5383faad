"""The aggregate cache (application/aggregate_cache.py): a unit of work fast-forwards what an
earlier one left, is never staler than the store, and never keeps a half-changed aggregate."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from application.aggregate_cache import AggregateCache
from application.app import Carepack
from application.settings import Settings
from domain.errors import InvalidInput
from domain.patient import Patient
from tests.clinic import ALL_PROXY_RIGHTS, Clinic
from tests.expect import replays
from tests.fixtures import STAFF


def test_given_an_aggregate_an_earlier_unit_loaded_when_loaded_again_then_it_is_not_replayed(
    clinic: Clinic, monkeypatch: pytest.MonkeyPatch
) -> None:
    app, patient = clinic.app, clinic.patient(proxy_rights=ALL_PROXY_RIGHTS)
    replayed = replays(app, monkeypatch)
    with app.unit_of_work():
        app.change_contact(patient, "13955556666", clinic.c(STAFF))
    with app.unit_of_work():
        again = app.load(Patient, patient)
    assert replayed == [patient]
    assert again.phone == "13955556666" and again.version == app.repository.get(patient).version


def test_given_another_process_changed_a_cached_aggregate_when_loaded_then_the_change_is_seen(
    clinic: Clinic, settings: Settings
) -> None:
    """Several workers: the cached version is fast-forwarded from the store, not trusted."""
    app, patient = clinic.app, clinic.patient(proxy_rights=ALL_PROXY_RIGHTS)
    with app.unit_of_work():
        app.load(Patient, patient)
    assert app.aggregate_cache is not None and len(app.aggregate_cache) == 1
    other = Carepack(settings, clinic.clock)  # another worker, its own cache
    try:
        other.authorise_proxy(patient, "daughter", "child", ["view"], clinic.c(STAFF))
    finally:
        other.close()
    with app.unit_of_work():
        seen = app.load(Patient, patient)
        app.change_contact(patient, "13955556666", clinic.c(STAFF))  # decides on fresh state
    assert app.aggregate_cache.hits >= 1
    assert seen.relation_of("daughter") == "child"
    stored = app.repository.get(patient)
    assert stored.relation_of("daughter") == "child" and stored.phone == "13955556666"


def test_given_a_refused_command_changed_an_aggregate_then_the_cache_does_not_keep_it(
    clinic: Clinic,
) -> None:
    app, patient = clinic.app, clinic.patient(proxy_rights=ALL_PROXY_RIGHTS)
    with app.unit_of_work():
        app.load(Patient, patient)  # cached, unchanged

    def decide() -> Any:
        app.load(Patient, patient).change_contact("13900000000", clinic.c(STAFF))
        raise InvalidInput("refused after a change")

    with app.unit_of_work(), pytest.raises(InvalidInput):
        app.run(clinic.c(STAFF), decide)
    with app.unit_of_work():
        assert app.load(Patient, patient).phone == "13800000000"


def test_given_a_unit_of_work_holds_an_aggregate_when_another_loads_it_then_each_has_its_own(
    clinic: Clinic,
) -> None:
    """Taken, not shared: a second concurrent unit replays its own instance."""
    app, patient = clinic.app, clinic.patient(proxy_rights=ALL_PROXY_RIGHTS)
    with app.unit_of_work():
        app.load(Patient, patient)
    with app.unit_of_work():
        first = app.load(Patient, patient)
        with app.unit_of_work():
            second = app.load(Patient, patient)
        assert first is not second
        first.change_contact("13900000000", clinic.c(STAFF))  # never saved
    with app.unit_of_work():
        assert app.load(Patient, patient).phone == "13800000000"


def test_given_no_cache_configured_then_every_unit_replays(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    clinic = Clinic.over(settings.model_copy(update={"aggregate_cache_size": 0}))
    try:
        app, patient = clinic.app, clinic.patient(proxy_rights=ALL_PROXY_RIGHTS)
        replayed = replays(app, monkeypatch)
        for _ in range(2):
            with app.unit_of_work():
                app.load(Patient, patient)
        assert app.aggregate_cache is None and replayed == [patient, patient]
    finally:
        clinic.app.close()


class _Held:
    """Just what the cache reads of an aggregate."""

    def __init__(self, number: int, version: int, pending: bool = False) -> None:
        self.id, self.version = UUID(int=number), version
        self.pending_events = ["e"] if pending else []


def test_the_cache_keeps_the_newer_instance_refuses_unsaved_ones_and_is_bounded() -> None:
    cache = AggregateCache(maxsize=2)
    a1, a3, b, c = _Held(1, 1), _Held(1, 3), _Held(2, 1), _Held(3, 1)
    cache.give_back(a3)  # type: ignore[arg-type]
    cache.give_back(a1)  # type: ignore[arg-type]
    assert cache.take(UUID(int=1)) is a3 and cache.take(UUID(int=1)) is None
    with pytest.raises(ValueError):
        cache.give_back(_Held(4, 1, pending=True))  # type: ignore[arg-type]
    for held in (a1, b, c):
        cache.give_back(held)  # type: ignore[arg-type]
    assert len(cache) == 2 and cache.take(UUID(int=1)) is None  # the least recent went
    assert (cache.hits, cache.misses) == (1, 2)
