"""A database outage answers 503 `service_unavailable` with Retry-After, never a 500 with
the driver's text: from the event store, the read models, the idempotency table and the
access log, whichever driver raised it."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest
import sqlalchemy.exc
from eventsourcing import persistence
from psycopg import sql

from application.settings import Settings
from tests.api.dsl import PATIENT, Api, is_problem, running
from tests.stores import CreateDatabase

SECRET_TEXT = "host=db.internal user=carepack password=hunter2"


def _outage(kind: str) -> Exception:
    """The error each layer raises when its database is gone."""
    return {
        "eventsourcing": lambda: persistence.OperationalError(SECRET_TEXT),
        "eventsourcing_interface": lambda: persistence.InterfaceError(SECRET_TEXT),
        "sqlalchemy": lambda: sqlalchemy.exc.OperationalError(SECRET_TEXT, {}, Exception()),
        "sqlalchemy_pool": lambda: sqlalchemy.exc.TimeoutError(SECRET_TEXT),
        "psycopg": lambda: psycopg.OperationalError(SECRET_TEXT),
        "sqlite": lambda: sqlite3.OperationalError("database is locked"),
    }[kind]()


def _raising(error: Exception) -> Callable[..., Any]:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise error

    return fail


def is_503(response: Any) -> None:
    body = is_problem(response, 503, "service_unavailable")
    assert int(response.headers["retry-after"]) >= 1
    assert SECRET_TEXT not in response.text and "hunter2" not in response.text
    assert "Operational" not in body["detail"]


KINDS = ["eventsourcing", "eventsourcing_interface", "sqlalchemy", "sqlalchemy_pool", "psycopg",
         "sqlite"]  # fmt: skip


@pytest.mark.parametrize("kind", KINDS)
def test_given_the_event_store_down_when_commanding_then_503(
    sapi: Api, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    monkeypatch.setattr(sapi.client.app.state.carepack, "save", _raising(_outage(kind)))
    is_503(sapi.call("POST", "/patients", "staff", PATIENT, 0))


@pytest.mark.parametrize("kind", ["eventsourcing", "psycopg"])
def test_given_the_event_store_down_when_reading_an_aggregate_then_503(
    sapi: Api, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """The store's reads fail, whether the aggregate is replayed whole or fast-forwarded
    from the aggregate cache (the patient is cached after its registration)."""
    patient_id = sapi.register_patient()
    recorder = sapi.client.app.state.carepack.recorder
    monkeypatch.setattr(recorder, "select_events", _raising(_outage(kind)))
    is_503(sapi.call("GET", f"/patients/{patient_id}", "staff", None, 0))


@pytest.mark.parametrize("kind", ["sqlalchemy", "sqlalchemy_pool", "sqlite"])
def test_given_the_read_models_down_when_listing_then_503(
    sapi: Api, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    engine = sapi.client.app.state.read_engine
    monkeypatch.setattr(engine, "connect", _raising(_outage(kind)))
    monkeypatch.setattr(engine, "begin", _raising(_outage(kind)))
    is_503(sapi.call("GET", "/dashboard/worklists/unconfirmed_redemptions", "staff", None, 0))


@pytest.mark.parametrize(
    "error",
    [
        sqlite3.OperationalError("no such table: dash_patients"),
        sqlalchemy.exc.OperationalError("SELECT", {}, sqlite3.OperationalError("near x: syntax")),
    ],
)
def test_given_a_sqlite_error_that_is_a_bug_then_500_not_503(
    sapi: Api, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    """sqlite3 says OperationalError for a missing table too: that is no outage."""
    engine = sapi.client.app.state.read_engine
    monkeypatch.setattr(engine, "connect", _raising(error))
    answer = sapi.call("GET", "/dashboard/worklists/unconfirmed_redemptions", "staff", None, 0)
    is_problem(answer, 500, "internal_error")


def test_given_the_idempotency_table_down_when_posting_with_a_key_then_503(
    sapi: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = sapi.client.app.state.idempotency
    monkeypatch.setattr(store, "reserve", _raising(_outage("sqlalchemy")))
    is_503(sapi.call("POST", "/patients", "staff", PATIENT, 0, **{"Idempotency-Key": "down"}))


def test_given_the_access_log_down_when_reading_a_patient_then_503_and_nothing_shown(
    sapi: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    patient_id = sapi.register_patient()
    monkeypatch.setattr(sapi.client.app.state, "access_log", _raising(_outage("sqlalchemy")))
    answer = sapi.call("GET", f"/patients/{patient_id}", "staff", None, 0)
    is_503(answer)
    assert PATIENT["name"] not in answer.text


def test_given_an_answer_that_cannot_be_stored_then_the_command_is_still_answered(
    sapi: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command is done when the database goes down before its answer is kept: the
    client gets it; a retry of the key after the lease runs on the same command seed."""
    store = sapi.client.app.state.idempotency
    monkeypatch.setattr(store, "save", _raising(_outage("psycopg")))
    monkeypatch.setattr(store, "release", _raising(_outage("psycopg")))
    sapi.call("POST", "/patients", "staff", PATIENT, 201, **{"Idempotency-Key": "lost"})


@pytest.fixture
def pg_settings(
    create_pg_database: CreateDatabase, pg_template: str, tmp_path: Any
) -> Iterator[Settings]:
    url = create_pg_database(pg_template)
    yield Settings(database_url=url, data_dir=tmp_path, pg_pre_ping=False)


def _allow_connections(pg_admin: psycopg.Connection[Any], url: str, allow: bool) -> None:
    name = sql.Identifier(url.rsplit("/", 1)[1])
    pg_admin.execute(
        sql.SQL("ALTER DATABASE {} WITH ALLOW_CONNECTIONS {}").format(name, sql.Literal(allow))
    )
    if not allow:
        pg_admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            (url.rsplit("/", 1)[1],),
        )


@pytest.mark.postgres
def test_given_postgresql_refusing_connections_then_503_and_back_once_it_accepts(
    pg_settings: Settings, pg_admin: psycopg.Connection[Any]
) -> None:
    """A real outage: every connection of the database cut and new ones refused. (The
    event store's own waits and retries are measured in tests/e2e/test_database_restart.)"""
    url = pg_settings.event_store_url()
    keyed = {"Idempotency-Key": "o-1"}
    with running(pg_settings.model_copy(update={"run_projections": False})) as api:
        api.register_patient()
        _allow_connections(pg_admin, url, False)
        try:
            is_503(api.call("POST", "/patients", "staff", PATIENT, 0, **keyed))
            is_503(
                api.call("GET", "/dashboard/worklists/unconfirmed_redemptions", "staff", None, 0)
            )
        finally:
            _allow_connections(pg_admin, url, True)
        started = time.monotonic()
        answer = api.call("POST", "/patients", "staff", PATIENT, 0, **keyed)
        assert answer.status_code == 201, answer.text  # no restart, the key not stuck
        assert time.monotonic() - started < 10
