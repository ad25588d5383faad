"""Alembic environment for the read-model tables (never the event store's own tables)."""

from __future__ import annotations

from logging.config import fileConfig
from typing import Any, Literal

from alembic import context
from sqlalchemy import Connection, create_engine, pool

from api.tables import all_tables
from projections.migrations import include_name, resolve_url
from projections.schema import UtcDateTime

config = context.config
metadata = all_tables()
# Programmatic callers pass their connection and keep their own logging setup.
given: Connection | None = config.attributes.get("connection")
if config.config_file_name is not None and given is None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    # Migrations stay free of app types: UtcDateTime is a timestamptz / DATETIME column.
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        include_name=include_name,
        render_item=render_item,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )


def run_migrations_offline() -> None:
    context.configure(
        url=resolve_url(config, context.get_x_argument(as_dictionary=True).get("url")),
        target_metadata=metadata,
        include_name=include_name,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    if given is not None:
        _configure(given)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(
        resolve_url(config, context.get_x_argument(as_dictionary=True).get("url")),
        poolclass=pool.NullPool,
    )
    with engine.connect() as connection:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
