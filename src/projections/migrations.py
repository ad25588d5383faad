"""Running the read models' alembic migrations from code (`carepack db upgrade`, tests).

Adding a table: define it in `projections/schema.py`, then from the repository root run
`alembic revision --autogenerate -m "dashboard tables"` (it reads CAREPACK_* settings, or
`-x url=sqlite:///var/readmodels.db`), check the generated file, and commit it under
`alembic/versions/`. The test `tests/projections/test_migrations.py` fails while the
metadata and the migrations disagree, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, pool

from application.settings import Settings, to_sqlalchemy_url
from projections.rebuild import SHADOW_SUFFIX
from projections.schema import metadata

ALEMBIC_INI = Path(__file__).resolve().parents[2] / "alembic.ini"

# What eventsourcing 9.5.6 creates: SQLite `stored_events` (and `stored_snapshots`,
# `tracking`), PostgreSQL `<app>_events` (and `<app>_snapshots`, `<app>_tracking`,
# `notification_tracking`). Alembic must neither drop nor migrate them.
EVENT_STORE_TABLES = frozenset({"stored_events", "stored_snapshots", "tracking"})
EVENT_STORE_SUFFIXES = ("_events", "_snapshots", "_tracking")


def is_foreign_table(name: str) -> bool:
    """Tables alembic leaves alone: the event store's, and a rebuild's shadows."""
    return (
        name in EVENT_STORE_TABLES
        or name.endswith(EVENT_STORE_SUFFIXES)
        or name.endswith(SHADOW_SUFFIX)
    )


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's reflection filter: our tables always, foreign tables never."""
    if type_ != "table" or name is None:
        return True
    return name in metadata.tables or not is_foreign_table(name)


def resolve_url(config: Config, x_url: str | None = None) -> str:
    """`-x url=...`, else `sqlalchemy.url`, else the CAREPACK_* settings."""
    url = x_url or config.get_main_option("sqlalchemy.url")
    return to_sqlalchemy_url(url) if url else Settings().read_models_sqlalchemy_url()


def alembic_config(ini: Path = ALEMBIC_INI) -> Config:
    if not ini.exists():
        raise FileNotFoundError(f"alembic.ini not found at {ini}: run from a source checkout")
    return Config(str(ini))


def upgrade(target: Settings | str | Engine, revision: str = "head") -> None:
    """`alembic upgrade head` on the read-model database of `target`."""
    if isinstance(target, Engine):
        engine, owned = target, False
    else:
        if isinstance(target, Settings):
            url = target.read_models_sqlalchemy_url()
        else:
            url = to_sqlalchemy_url(target)
        engine, owned = create_engine(url, poolclass=pool.NullPool), True
    config = alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        if owned:
            engine.dispose()
