"""Running the `carepack` command line in tests: a throwaway data directory, one call."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from api.cli.main import cli
from tests.api.dsl import SECRET


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"CAREPACK_DATA_DIR": str(tmp_path / "var"), "CAREPACK_JWT_SECRET": SECRET}


def run(env: dict[str, str], *args: str, code: int = 0) -> Result:
    result = CliRunner().invoke(cli, list(args), env=env)
    assert result.exit_code == code, (result.output, result.exception)
    return result
