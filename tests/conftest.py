"""Shared fixtures: throwaway SQLite and PostgreSQL stores and settings pointing at them."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import errors, sql

from application.settings import Settings
from projections.migrations import upgrade
from tests.fixtures import JWT_SECRET, OPS_TOKEN
from tests.stores import READ_MODELS_FILE, CreateDatabase, migrated_sqlite

# TEST_PG_ADMIN_DSN points the tests at another server (a maintenance database there).
PG_ADMIN_DSN = os.environ.get("TEST_PG_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")
PG_DB_PREFIX = "carepack_t_"

# A fresh database per test costs ~30 ms on the development machine (CREATE + DROP
# measured 20-80 ms together), so each PostgreSQL test gets its own: no truncation.
# Migrating its read models took ~200 ms more, so tests start from a copy of a database
# (or SQLite file) migrated once per session; `@pytest.mark.empty_store` asks for an
# empty one (the migration tests).


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


@pytest.fixture(autouse=True)
def _no_carepack_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the developer's own CAREPACK_* variables out of every test, and give every
    test the tests' token secret (apps refuse to start without one, `api.token_keys`)
    and ops token."""
    for name in list(os.environ):
        if name.startswith("CAREPACK_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("CAREPACK_JWT_SECRET", JWT_SECRET)
    monkeypatch.setenv("CAREPACK_OPS_TOKEN", OPS_TOKEN)


@pytest.fixture(scope="session")
def pg_admin_dsn() -> str:
    """DSN of the maintenance database used to create and drop test databases."""
    return PG_ADMIN_DSN


@pytest.fixture(scope="session")
def pg_admin(pg_admin_dsn: str) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    """An autocommit admin connection; skips (or, in CI, fails) without PostgreSQL."""
    try:
        conn = psycopg.connect(pg_admin_dsn, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        message = f"PostgreSQL not reachable at {pg_admin_dsn}: {error}"
        if _in_ci():
            pytest.fail(message)
        pytest.skip(message)
    with conn:
        yield conn


def _drop(admin: psycopg.Connection[tuple[object, ...]], name: str) -> None:
    admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@pytest.fixture(scope="session")
def create_pg_database(
    pg_admin: psycopg.Connection[tuple[object, ...]], pg_admin_dsn: str
) -> Iterator[CreateDatabase]:
    """Returns `create(template=None)` -> URL of a new database, empty or a copy of
    `template`; all are dropped at session end."""
    created: list[str] = []

    def create(template: str | None = None) -> str:
        name = f"{PG_DB_PREFIX}{uuid.uuid4().hex[:16]}"
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template is not None:
            statement = sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(template)
            )
        for attempt in range(5):
            try:
                pg_admin.execute(statement)
                break
            except errors.ObjectInUse:
                # Someone is connected to template1 (another run): try again shortly.
                if attempt == 4:
                    raise
                pg_admin.execute("SELECT pg_sleep(0.2)")
        created.append(name)
        return pg_admin_dsn.rsplit("/", 1)[0] + "/" + name

    yield create
    for name in created:
        _drop(pg_admin, name)


def drop_pg_database(admin: psycopg.Connection[tuple[object, ...]], url: str) -> None:
    """Drop a database made by `create_pg_database` (open connections are cut off)."""
    _drop(admin, url.rsplit("/", 1)[1])


@pytest.fixture(scope="session")
def pg_template(create_pg_database: CreateDatabase, pg_admin_dsn: str) -> str:
    """A database with the read models migrated to head, to copy (nobody connects to it)."""
    url = create_pg_database()
    upgrade(url)
    return url.rsplit("/", 1)[1]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A read-model SQLite file migrated to head, to copy."""
    folder = tmp_path_factory.mktemp("template")
    upgrade(Settings(data_dir=folder))
    return folder / READ_MODELS_FILE


def _wants_empty(request: pytest.FixtureRequest) -> bool:
    return request.node.get_closest_marker("empty_store") is not None


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    ]
)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL for a store with no events (read models migrated unless the test is
    marked `empty_store`), once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        if not _wants_empty(request):
            migrated_sqlite(request.getfixturevalue("sqlite_template"), tmp_path)
        yield f"sqlite:///{tmp_path / 'events.db'}"
        return
    create: CreateDatabase = request.getfixturevalue("create_pg_database")
    admin: psycopg.Connection[tuple[object, ...]] = request.getfixturevalue("pg_admin")
    template = None if _wants_empty(request) else request.getfixturevalue("pg_template")
    url = create(template)
    yield url
    drop_pg_database(admin, url)


@pytest.fixture
def settings(store_url: str, tmp_path: Path) -> Settings:
    """Settings over the parametrised store, with SQLite files under `tmp_path`."""
    return Settings(database_url=store_url, data_dir=tmp_path)
