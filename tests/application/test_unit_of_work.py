"""One request, one unit of work: aggregates are read once and reused, never stale after a race.

Also the creating commands' duplicate-id check (now made only after a lost race) and the
`EpisodeLinked` v1 -> v2 upcast that lets the data-scope check read the patient alone.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from application.app import Carepack
from application.settings import Settings
from application.views import patient_access
from domain.errors import AlreadyExists, InvalidInput
from domain.patient import Patient
from tests.clinic import ALL_PROXY_RIGHTS, Clinic
from tests.expect import replays
from tests.fixtures import STAFF


def _decode(app: Carepack, raw: bytes) -> Any:
    mapper = app.mapper
    raw = mapper.cipher.decrypt(raw) if mapper.cipher else raw
    raw = mapper.compressor.decompress(raw) if mapper.compressor else raw
    return mapper.transcoder.decode(raw)


def _encode(app: Carepack, state: Any) -> bytes:
    mapper = app.mapper
    raw = mapper.transcoder.encode(state)
    raw = mapper.compressor.compress(raw) if mapper.compressor else raw
    return mapper.cipher.encrypt(raw) if mapper.cipher else raw


def test_within_a_unit_of_work_an_aggregate_is_read_from_the_store_once(
    clinic: Clinic, monkeypatch: pytest.MonkeyPatch
) -> None:
    patient = clinic.patient(proxy_rights=ALL_PROXY_RIGHTS)
    reads = replays(clinic.app, monkeypatch)
    with clinic.app.unit_of_work():
        clinic.app.load(Patient, patient)  # the scope check
        clinic.app.change_contact(patient, "13955556666", clinic.c(STAFF))  # the command
        answered = clinic.app.load(Patient, patient)  # the answer
    assert reads == [patient]
    clinic.app.load(Patient, patient)
    clinic.app.load(Patient, patient)
    assert reads == [patient] * 3, "outside a unit of work every load reads"
    assert answered.phone == "13955556666"
    assert answered.version == clinic.app.repository.get(patient).version


def test_a_race_lost_on_a_reused_aggregate_is_retried_on_fresh_state(
    clinic: Clinic, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    patient = clinic.patient(proxy_rights=ALL_PROXY_RIGHTS)
    rival = Carepack(settings, clinic.clock)
    try:
        with clinic.app.unit_of_work():
            clinic.app.load(Patient, patient)  # loaded before the rival writes
            rival.authorise_proxy(patient, "daughter", "child", ["view"], clinic.c(STAFF))
            clinic.app.change_contact(patient, "13955556666", clinic.c(STAFF))
            answered = clinic.app.load(Patient, patient)
    finally:
        rival.close()
    assert answered.phone == "13955556666" and answered.relation_of("daughter") == "child"
    stored = clinic.app.repository.get(patient)
    assert stored.relation_of("daughter") == "child" and stored.version == answered.version


def test_a_refused_command_leaves_no_half_changed_aggregate_in_the_unit(clinic: Clinic) -> None:
    patient = clinic.patient(proxy_rights=ALL_PROXY_RIGHTS)
    app = clinic.app

    def decide() -> Any:
        found = app.load(Patient, patient)
        found.change_contact("13900000000", clinic.c(STAFF))  # changed, then refused
        raise InvalidInput("refused after a change")

    with app.unit_of_work():
        with pytest.raises(InvalidInput):
            app.run(clinic.c(STAFF), decide)
        again = app.load(Patient, patient)
    assert again.phone == "13800000000"
    assert again.version == app.repository.get(patient).version


def test_an_aggregate_changed_but_not_saved_is_read_again(clinic: Clinic) -> None:
    patient, other = (
        clinic.patient(proxy_rights=ALL_PROXY_RIGHTS),
        clinic.patient(proxy_rights=ALL_PROXY_RIGHTS),
    )
    app = clinic.app

    def decide() -> Any:
        app.load(Patient, other).change_contact("13900000000", clinic.c(STAFF))  # not saved
        saved = app.load(Patient, patient)
        saved.change_contact("13911112222", clinic.c(STAFF))
        return patient, [saved], {}

    with app.unit_of_work():
        app.run(clinic.c(STAFF), decide)
        assert app.load(Patient, other).phone == "13800000000"
        assert app.load(Patient, patient).phone == "13911112222"


def test_creating_an_id_that_exists_is_already_exists_and_writes_nothing(clinic: Clinic) -> None:
    patient = clinic.patient(proxy_rights=ALL_PROXY_RIGHTS)
    before = clinic.last_position()
    with pytest.raises(AlreadyExists):
        clinic.app.register_patient(
            patient, name="李四", sex="male", birth_date=date(1950, 1, 1), phone="1",
            id_document_type="passport", id_number="E1234567", department="endocrinology",
            ctx=clinic.c(STAFF),
        )  # fmt: skip
    assert clinic.last_position() == before
    assert clinic.app.load(Patient, patient).name == "王秀英"


def test_an_episode_link_carries_its_department_for_the_scope_check(
    clinic: Clinic, monkeypatch: pytest.MonkeyPatch
) -> None:
    patient = clinic.patient(proxy_rights=ALL_PROXY_RIGHTS)
    episode = clinic.episode(patient)
    reads = replays(clinic.app, monkeypatch)
    found = patient_access(clinic.app, patient)
    assert found.departments == {"endocrinology"}
    assert reads == [patient], "the episode is not replayed"
    assert clinic.app.load(Patient, patient).episode_departments == {episode: "endocrinology"}


def test_a_link_stored_before_version_2_is_upcast_and_the_episode_is_asked(
    clinic: Clinic, monkeypatch: pytest.MonkeyPatch
) -> None:
    patient = clinic.patient(proxy_rights=ALL_PROXY_RIGHTS)
    episode = clinic.episode(patient)
    app = clinic.app
    # The link as version 1 stored it: no department, no class_version.
    (stored,) = [
        s for s in app.recorder.select_events(patient) if s.topic.endswith("Patient.EpisodeLinked")
    ]
    state = _decode(app, stored.state)
    assert state.pop("class_version") == 2 and state.pop("department") == "endocrinology"
    v1 = type(stored)(
        originator_id=stored.originator_id,
        originator_version=stored.originator_version,
        topic=stored.topic,
        state=_encode(app, state),
    )
    event = app.mapper.to_domain_event(v1)
    assert event.department == ""  # type: ignore[attr-defined]

    reads = replays(clinic.app, monkeypatch)
    original = app.mapper.to_domain_event

    def as_v1(s: Any) -> Any:
        return original(v1 if s.topic == stored.topic and s.originator_id == patient else s)

    monkeypatch.setattr(app.mapper, "to_domain_event", as_v1)
    found = patient_access(app, patient)
    assert found.departments == {"endocrinology"}
    assert reads == [patient, episode], "an unknown department is read from the episode"
