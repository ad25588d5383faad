"""Idempotency reservations under a lease: a dead request's key frees itself, a live one
keeps it, and an attempt whose lease was taken over can neither answer nor apply twice."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from api.idempotency import IdempotencyStore, request_hash
from api.idempotency_table import api_idempotency
from application.settings import Settings
from tests.api.dsl import PATIENT, Api, is_problem, running

STAFF_SUB = "staff-zhao"
LEASE = 2.0  # renewed every 0.67 s: a loaded machine still renews in time


@pytest.fixture
def short_lease(settings: Settings) -> Iterator[Api]:
    """The API with a two-second lease, on SQLite and PostgreSQL."""
    with running(settings.model_copy(update={"idempotency_lease_seconds": LEASE})) as world:
        yield world


def _store(api: Api) -> IdempotencyStore:
    store: IdempotencyStore = api.client.app.state.idempotency
    return store


def _lapse(api: Api) -> None:
    past = datetime.now(UTC) - timedelta(seconds=5)
    with api.client.app.state.read_engine.begin() as connection:
        connection.execute(api_idempotency.update().values(lease_until=past))


def test_given_a_reservation_whose_request_died_when_its_lease_lapses_then_the_retry_runs(
    short_lease: Api,
) -> None:
    body = httpx.Request("POST", "http://x", json=PATIENT).content  # what the client sends
    digest = request_hash("POST", "/api/v1/patients", body)
    assert _store(short_lease).reserve("died", STAFF_SUB, digest) is not None  # never answered
    key = {"Idempotency-Key": "died"}
    is_problem(
        short_lease.call("POST", "/patients", "staff", PATIENT, 0, **key),
        409,
        "idempotency_key_in_progress",
    )
    time.sleep(LEASE + 0.2)  # the lease lapses: nobody renews it
    short_lease.call("POST", "/patients", "staff", PATIENT, 201, **key)
    replayed = short_lease.call("POST", "/patients", "staff", PATIENT, 201, **key)
    assert replayed.headers["idempotent-replayed"] == "true"


def test_given_a_taken_over_reservation_then_the_old_holder_neither_stores_nor_releases(
    settings: Settings,
) -> None:
    with running(settings) as api:
        store = _store(api)
        old = store.reserve("k", STAFF_SUB, "h" * 64)
        assert old is not None
        _lapse(api)
        new = store.reserve("k", STAFF_SUB, "h" * 64)
        assert new is not None and new.generation == old.generation + 1
        assert new.command_seed == old.command_seed  # the retry creates what the first would
        from api.idempotency import Stored

        answer = Stored("h" * 64, 201, [("content-type", "application/json")], b"{}")
        assert not store.save(old, answer)
        store.release(old)
        assert not store.renew(old)
        assert store.renew(new)
        assert store.save(new, answer)
        found = store.find("k", STAFF_SUB)
        assert found is not None and found.status == 201


def test_given_a_request_slower_than_its_lease_then_it_keeps_its_key_by_renewing(
    short_lease: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    carepack = short_lease.client.app.state.carepack
    register = carepack.register_patient

    def slow(*args: Any, **kwargs: Any) -> Any:
        release.wait(10)
        return register(*args, **kwargs)

    monkeypatch.setattr(carepack, "register_patient", slow)
    key = {"Idempotency-Key": "slow"}
    with ThreadPoolExecutor(1) as pool:
        first = pool.submit(short_lease.call, "POST", "/patients", "staff", PATIENT, 0, **key)
        time.sleep(LEASE * 2.5)  # two and a half leases
        retry = short_lease.call("POST", "/patients", "staff", PATIENT, 0, **key)
        is_problem(retry, 409, "idempotency_key_in_progress")
        release.set()
        assert first.result(20).status_code == 201
    again = short_lease.call("POST", "/patients", "staff", PATIENT, 201, **key)
    assert again.json() == first.result().json()


def test_given_a_lost_lease_when_the_first_attempt_finishes_after_the_retry_then_one_patient(
    short_lease: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fence: the first attempt could not renew (say the database blinked), the retry
    took the key over and ran; the first attempt then creates the same id and is refused."""
    store = _store(short_lease)
    monkeypatch.setattr(store, "renew", lambda held: True)  # renewals lost: nothing renewed
    release = threading.Event()
    carepack = short_lease.client.app.state.carepack
    register = carepack.register_patient
    calls: list[str] = []

    def slow_first(*args: Any, **kwargs: Any) -> Any:
        calls.append(str(args[0]))
        if len(calls) == 1:
            release.wait(10)
        return register(*args, **kwargs)

    monkeypatch.setattr(carepack, "register_patient", slow_first)
    key = {"Idempotency-Key": "fenced"}
    with ThreadPoolExecutor(1) as pool:
        first = pool.submit(short_lease.call, "POST", "/patients", "staff", PATIENT, 0, **key)
        time.sleep(LEASE + 0.5)  # the first attempt's lease lapses
        retry = short_lease.call("POST", "/patients", "staff", PATIENT, 201, **key)
        release.set()
        late = first.result(20)
    assert calls[0] == calls[1] == retry.json()["id"]  # both attempts: the same patient id
    is_problem(late, 409, "already_exists")
    replay = short_lease.call("POST", "/patients", "staff", PATIENT, 201, **key)
    assert replay.json() == retry.json()
    with short_lease.client.app.state.read_engine.connect() as connection:
        stored = connection.execute(sa.select(api_idempotency.c.generation)).scalar_one()
    assert stored == 2
