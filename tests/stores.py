"""What tests need to know of the throwaway stores tests/conftest.py makes (import these
from here, not from a conftest): the database factory's type and the migrated SQLite copy."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

READ_MODELS_FILE = "readmodels.db"
# `create_pg_database(template=None)` -> the URL of a new PostgreSQL database.
CreateDatabase = Callable[..., str]


def migrated_sqlite(template: Path, data_dir: Path) -> None:
    """Give `data_dir` the migrated read-model file (what `upgrade` would have made)."""
    shutil.copyfile(template, data_dir / READ_MODELS_FILE)
