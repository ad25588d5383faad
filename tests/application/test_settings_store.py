"""Configuration defaults and overrides, and the event store and read engine they wire up."""

from __future__ import annotations

import base64
import sqlite3
from pathlib import Path
from uuid import UUID

import psycopg
import pytest
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from pydantic import ValidationError
from sqlalchemy import text

from application.settings import Settings
from application.store import event_store_environment, generate_cipher_key
from projections.engine import create_read_engine

SECRET_NAME = "Zhang Wei-Plaintext"


class Person(Aggregate):
    @event("Registered")
    def __init__(self, name: str) -> None:
        self.name = name

    @event("Renamed")
    def rename(self, name: str) -> None:
        self.name = name


class ToyApp(Application[UUID]):
    pass


def _save_and_reload(settings: Settings) -> Person:
    app = ToyApp(env=event_store_environment(settings))
    try:
        person = Person(name=SECRET_NAME)
        person.rename(SECRET_NAME + "!")
        app.save(person)
        reloaded: Person = app.repository.get(person.id)
        assert isinstance(reloaded, Person)
        return reloaded
    finally:
        app.close()


def _raw_states(settings: Settings) -> list[bytes]:
    env = event_store_environment(settings)
    if settings.is_postgres:
        with psycopg.connect(settings.event_store_url()) as conn:
            rows = conn.execute("SELECT state FROM toyapp_events").fetchall()
    else:
        with sqlite3.connect(env["SQLITE_DBNAME"]) as conn:
            rows = conn.execute("SELECT state FROM stored_events").fetchall()
    return [bytes(row[0]) for row in rows]


def test_given_no_environment_when_settings_load_then_defaults_apply(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CAREPACK_JWT_SECRET")  # the tests' own (conftest)
    s = Settings()

    assert s.data_dir == Path("var")
    assert s.event_store_url() == "sqlite:///var/events.db"
    assert s.read_models_url() == "sqlite:///var/readmodels.db"
    assert not s.is_postgres
    assert (s.host, s.port, s.app_name) == ("127.0.0.1", 8000, "carepack")
    assert s.run_projections is True
    assert (s.pg_pool_size, s.pg_max_overflow, s.pg_pre_ping) == (5, 10, False)
    assert s.cipher_key is None and s.audit_key is None and s.jwt_public_key is None
    # No usable default: api.token_keys refuses to serve without a configured key.
    assert s.jwt_secret is None and s.jwt_audience is None and s.jwt_issuer is None
    assert s.jwt_max_lifetime_hours == 12 and s.demo is False


def test_given_carepack_env_vars_when_settings_load_then_they_override(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CAREPACK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CAREPACK_DATABASE_URL", "postgres://u:p%40ss@db.example:6543/care")
    monkeypatch.setenv("CAREPACK_PORT", "9001")
    monkeypatch.setenv("CAREPACK_RUN_PROJECTIONS", "false")
    monkeypatch.setenv("CAREPACK_PG_POOL_SIZE", "20")
    monkeypatch.setenv("CAREPACK_PG_PRE_PING", "true")
    monkeypatch.setenv("CAREPACK_CIPHER_KEY", "")

    s = Settings()

    assert s.data_dir == tmp_path and s.port == 9001 and s.run_projections is False
    assert s.is_postgres and s.cipher_key is None
    assert s.read_models_sqlalchemy_url() == "postgresql+psycopg://u:p%40ss@db.example:6543/care"
    env = event_store_environment(s)
    assert env["PERSISTENCE_MODULE"] == "eventsourcing.postgres"
    assert (env["POSTGRES_HOST"], env["POSTGRES_PORT"]) == ("db.example", "6543")
    assert (env["POSTGRES_USER"], env["POSTGRES_PASSWORD"]) == ("u", "p@ss")
    assert (env["POSTGRES_DBNAME"], env["POSTGRES_POOL_SIZE"]) == ("care", "20")
    assert "POSTGRES_ENABLE_DB_FUNCTIONS" not in env
    assert env["POSTGRES_PRE_PING"] == "yes" and create_read_engine(s).pool._pre_ping


def test_given_sqlite_events_when_read_url_asked_then_separate_file_and_dir_created(
    tmp_path: Path,
) -> None:
    s = Settings(data_dir=tmp_path / "nested" / "var")

    url = s.read_models_sqlalchemy_url()

    assert url == f"sqlite:///{tmp_path / 'nested' / 'var' / 'readmodels.db'}"
    assert (tmp_path / "nested" / "var").is_dir()
    assert s.event_store_url() != s.read_models_url()


@pytest.mark.parametrize(
    "url", ["mysql://root@localhost/db", "sqlite://relative.db", "sqlite:///:memory:", "var.db"]
)
def test_given_unsupported_url_when_settings_load_then_clear_error(url: str) -> None:
    with pytest.raises(ValidationError, match=r"sqlite:///"):
        Settings(database_url=url)


@pytest.mark.parametrize("seconds", ["-0.1", "2"])
def test_given_a_gather_time_outside_0_to_1_s_then_error(
    monkeypatch: pytest.MonkeyPatch, seconds: str
) -> None:
    """More than a second would spend the whole lag budget (product §7) before reading."""
    monkeypatch.setenv("CAREPACK_PROJECTION_GATHER_SECONDS", seconds)
    with pytest.raises(ValueError, match="projection_gather_seconds"):
        Settings()


def test_given_bad_cipher_key_when_settings_load_then_error() -> None:
    with pytest.raises(ValidationError, match="16, 24 or 32 bytes"):
        Settings(cipher_key=base64.b64encode(b"short").decode())


def test_given_generated_key_then_it_is_32_random_bytes_in_base64() -> None:
    key = generate_cipher_key()

    assert len(base64.b64decode(key)) == 32
    assert key != generate_cipher_key()
    assert Settings(cipher_key=key).cipher_key == key


def test_given_store_when_aggregate_saved_then_it_reads_back(settings: Settings) -> None:
    reloaded = _save_and_reload(settings)

    assert reloaded.name == SECRET_NAME + "!"
    assert reloaded.version == 2
    assert any(SECRET_NAME.encode() in state for state in _raw_states(settings))


def test_given_cipher_key_when_saved_then_raw_state_is_not_plain_text(
    settings: Settings,
) -> None:
    encrypted = settings.model_copy(update={"cipher_key": generate_cipher_key()})

    env = event_store_environment(encrypted)
    reloaded = _save_and_reload(encrypted)

    assert env["CIPHER_TOPIC"] == "eventsourcing.cipher:AESCipher"
    assert reloaded.name == SECRET_NAME + "!"
    states = _raw_states(encrypted)
    assert len(states) == 2
    assert not any(SECRET_NAME.encode() in state for state in states)


def test_given_read_engine_then_it_connects_with_the_backend_settings(
    settings: Settings,
) -> None:
    engine = create_read_engine(settings)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT 1")).scalar_one() == 1
            if settings.is_postgres:
                assert engine.dialect.driver == "psycopg"
            else:
                assert conn.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
                assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
                assert conn.execute(text("PRAGMA busy_timeout")).scalar_one() == 5000
    finally:
        engine.dispose()
