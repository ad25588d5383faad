"""Alembic creates exactly the tables of `projections.schema`, ignoring the event store's."""

from __future__ import annotations

from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from api.tables import all_tables
from application.settings import Settings, sqlite_path
from application.store import event_store_environment
from projections.audit.projector import AuditProjector
from projections.engine import create_read_engine
from projections.migrations import include_name, upgrade
from projections.rebuild import make_shadow, rebuild
from projections.runner import Runner
from projections.schema import audit_entries
from tests.projections.toy import ToyApp, seed

metadata = all_tables()
# Migrations are what these tests are about: each starts from an empty database.
pytestmark = pytest.mark.empty_store


def _ours(name: str | None, type_: str, parents: object) -> bool:
    # The toy projector's table is the tests' own (created without alembic).
    return name != "toy_balances" and include_name(name, type_, parents)


def _diff(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_name": _ours, "compare_type": True}
        )
        return list(compare_metadata(context, metadata))


def _app_in_read_database(settings: Settings) -> ToyApp:
    """An event store inside the read-model database, so its tables are there to ignore."""
    env = event_store_environment(settings)
    if not settings.is_postgres:
        env["SQLITE_DBNAME"] = str(sqlite_path(settings.read_models_url()))
    return ToyApp(env=env)


def test_given_an_event_store_in_the_database_when_upgraded_then_autogenerate_finds_nothing(
    settings: Settings,
) -> None:
    app = _app_in_read_database(settings)
    engine = create_read_engine(settings)
    try:
        seed(app, accounts=1, deposits=1)
        upgrade(settings)
        upgrade(settings.read_models_sqlalchemy_url())  # a second run is a no-op

        tables = set(inspect(engine).get_table_names())
        assert set(metadata.tables) <= tables
        assert tables - set(metadata.tables) - {"alembic_version"}  # the store's tables
        assert _diff(engine) == []
    finally:
        app.close()
        engine.dispose()


def test_given_rebuilt_tables_and_a_stray_shadow_when_compared_then_nothing_changes(
    app: ToyApp, engine: Engine
) -> None:
    seed(app, accounts=2, deposits=2)
    runner = Runner(app, engine, AuditProjector())
    runner.catch_up()
    rebuild(runner)
    rebuild(runner)  # the second swap must not collide with names the first one left
    stray = make_shadow(audit_entries, type(metadata)())
    stray.table.create(engine)  # as an interrupted rebuild leaves it

    assert _diff(engine) == []
    assert {i["name"] for i in inspect(engine).get_indexes("audit_entries")} == {
        str(i.name) for i in audit_entries.indexes
    }
