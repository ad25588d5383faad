"""With a cipher key, no patient name, phone or ID number is stored in plain text."""

from __future__ import annotations

import json
import sqlite3

import psycopg
import pytest

from application.app import Carepack
from application.settings import Settings
from application.store import event_store_environment, generate_cipher_key
from domain.patient import Patient
from tests.clinic import Clinic
from tests.fixtures import STAFF

NAME, PHONE, ID_NUMBER, NEW_PHONE = "王秀英", "13800000000", "110101194804021234", "13912345678"


def _secrets() -> list[bytes]:
    """Each secret as UTF-8 and as JSON would escape it (`\\u738b...`)."""
    out: list[bytes] = []
    for secret in (NAME, PHONE, ID_NUMBER, NEW_PHONE):
        out += [secret.encode(), json.dumps(secret).strip('"').encode()]
    return out


def _raw_states(settings: Settings) -> list[bytes]:
    """Every stored event's state, straight from the table (`carepack_events` on PostgreSQL)."""
    if settings.is_postgres:
        with psycopg.connect(settings.event_store_url()) as conn:
            tables = conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            ).fetchall()
            assert ("carepack_events",) in tables
            rows = conn.execute("SELECT state FROM carepack_events").fetchall()
    else:
        path = event_store_environment(settings)["SQLITE_DBNAME"]
        with sqlite3.connect(path) as conn:
            rows = conn.execute("SELECT state FROM stored_events").fetchall()
    return [bytes(row[0]) for row in rows]


def _store_the_story(settings: Settings) -> Patient:
    clinic = Clinic.over(settings)
    try:
        patient, _ = clinic.active()
        clinic.app.change_contact(patient, NEW_PHONE, clinic.c(STAFF))
        reread = Carepack(settings, clinic.clock)
        try:
            return reread.load(Patient, patient)
        finally:
            reread.close()
    finally:
        clinic.app.close()


@pytest.mark.parametrize("encrypted", [True, False], ids=["cipher", "plain"])
def test_given_cipher_key_when_patient_stored_then_no_personal_data_in_plain_text(
    settings: Settings, encrypted: bool
) -> None:
    if encrypted:
        settings = settings.model_copy(update={"cipher_key": generate_cipher_key()})

    patient = _store_the_story(settings)

    assert (patient.name, patient.phone, patient.id_number) == (NAME, NEW_PHONE, ID_NUMBER)
    states = _raw_states(settings)
    assert len(states) > 10
    leaked = [s for s in states if any(secret in s for secret in _secrets())]
    # The plain store is the control: it shows the check would see a leak.
    assert (leaked == []) is encrypted
