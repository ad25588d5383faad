"""Stored idempotency answers: sealed under the cipher key, kept for the TTL only."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from api.idempotency import IdempotencyStore
from api.idempotency_table import api_idempotency
from application.settings import Settings
from application.store import generate_cipher_key
from tests.api.dsl import NAME, PATIENT, Api, running


@pytest.fixture
def keyed_api(settings: Settings) -> Iterator[Api]:
    """The API with a cipher key, on SQLite and PostgreSQL."""
    with running(settings.model_copy(update={"cipher_key": generate_cipher_key()})) as world:
        yield world


def _rows(api: Api) -> list[Any]:
    with api.client.app.state.read_engine.connect() as connection:
        return list(connection.execute(sa.select(api_idempotency)).mappings())


def _age_every_row(api: Api, hours: float) -> None:
    then = datetime.now(UTC) - timedelta(hours=hours)
    with api.client.app.state.read_engine.begin() as connection:
        connection.execute(api_idempotency.update().values(created_at=then))


def test_given_a_cipher_key_when_an_answer_is_stored_then_no_personal_data_is_in_clear(
    keyed_api: Api,
) -> None:
    key = {"Idempotency-Key": "reg-1"}
    first = keyed_api.call("POST", "/patients", "staff", PATIENT, 201, **key)
    assert first.json()["name"] == NAME
    [row] = _rows(keyed_api)
    stored = bytes(row["body"]) + row["headers"].encode()
    for secret in (NAME.encode(), "王秀英".encode("unicode_escape"), b"13800000000", b"1234"):
        assert secret not in stored
    assert first.json()["id"].encode() not in bytes(row["body"])
    # And the replay still answers the first answer, opened
    again = keyed_api.call("POST", "/patients", "staff", PATIENT, 201, **key)
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert again.headers["x-event-position"] == first.headers["x-event-position"]


def test_given_a_sealed_answer_moved_to_another_key_then_it_does_not_open(keyed_api: Api) -> None:
    keyed_api.call("POST", "/patients", "staff", PATIENT, 201, **{"Idempotency-Key": "a"})
    store: IdempotencyStore = keyed_api.client.app.state.idempotency
    [row] = _rows(keyed_api)
    with keyed_api.client.app.state.read_engine.begin() as connection:
        connection.execute(api_idempotency.insert().values({**row, "key": "b"}))
    from cryptography.exceptions import InvalidTag

    with pytest.raises(InvalidTag):
        store.find("b", row["principal"])


def test_given_answers_older_than_the_ttl_when_purged_then_they_are_gone(sapi: Api) -> None:
    sapi.call("POST", "/patients", "staff", PATIENT, 201, **{"Idempotency-Key": "old"})
    _age_every_row(sapi, 25)
    sapi.call("POST", "/patients", "staff", PATIENT, 201, **{"Idempotency-Key": "new"})
    store: IdempotencyStore = sapi.client.app.state.idempotency
    assert store.purge() == 1
    assert [row["key"] for row in _rows(sapi)] == ["new"]


def test_given_an_hour_old_purge_then_the_next_keyed_request_purges_by_itself(sapi: Api) -> None:
    sapi.call("POST", "/patients", "staff", PATIENT, 201, **{"Idempotency-Key": "old"})
    _age_every_row(sapi, 25)
    sapi.client.app.state["idempotency_last_purge"] = -1e9  # the last purge long ago
    sapi.call("POST", "/patients", "staff", PATIENT, 201, **{"Idempotency-Key": "new"})
    assert [row["key"] for row in _rows(sapi)] == ["new"]


def test_given_a_key_past_the_ttl_when_used_again_then_it_is_a_fresh_request(sapi: Api) -> None:
    key = {"Idempotency-Key": "day-old"}
    first = sapi.call("POST", "/patients", "staff", PATIENT, 201, **key)
    _age_every_row(sapi, 25)  # not purged yet: the row is there, but expired
    again = sapi.call("POST", "/patients", "staff", PATIENT, 201, **key)
    assert "idempotent-replayed" not in again.headers
    assert again.json()["id"] != first.json()["id"]
