"""The checkpoint recipes of docs/audit-chain.md verify genuine lines and reject forged ones."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from projections.audit.checkpoints import ACCESS_LOG, EVENTS, Signer
from tests.projections.keys import OTHER_SIGNING_KEY, PUBLIC_KEY, SIGNER

DOC = Path(__file__).parents[2] / "docs" / "audit-chain.md"
AT = datetime(2026, 3, 2, 9, 0, 0, 123456, tzinfo=UTC)


def _log(tmp_path: Path) -> tuple[Path, list[str]]:
    """Two genuine lines, an altered one, one signed with another key under our key id."""
    events = SIGNER.sign(EVENTS, 10, "ab" * 32, 10, AT)
    access = SIGNER.sign(ACCESS_LOG, 4, "cd" * 32, 4, AT)
    altered = dataclasses.replace(events, position=7, count=7)
    forged = dataclasses.replace(
        Signer(OTHER_SIGNING_KEY).sign(EVENTS, 7, "ef" * 32, 7, AT), key_id=events.key_id
    )
    lines = [events.line(), f"2026-03-02 stdout F {access.line()}", altered.line(), forged.line()]
    path = tmp_path / "checkpoints.log"
    path.write_text("INFO starting\n" + "\n".join(lines) + "\n")
    return path, ["ok ", "ok ", "BAD", "BAD"]


def _block(language: str, first_line: str) -> str:
    [found] = re.findall(rf"```{language}\n({re.escape(first_line)}.*?)```", DOC.read_text(), re.S)
    return found


def test_given_the_python_recipe_when_run_on_a_log_then_only_genuine_lines_pass(
    tmp_path: Path,
) -> None:
    script = tmp_path / "checkpoints.py"
    script.write_text(_block("python", '"""Check checkpoint lines'))
    log, expected = _log(tmp_path)

    with log.open() as lines:
        done = subprocess.run([sys.executable, str(script), PUBLIC_KEY], stdin=lines,
                              capture_output=True, text=True, timeout=120)  # fmt: skip

    assert done.returncode == 1, done.stderr
    assert [line[:3] for line in done.stdout.splitlines()] == expected


@pytest.mark.skipif(not (shutil.which("openssl") and shutil.which("xxd")), reason="no openssl")
def test_given_the_openssl_recipe_when_run_on_a_log_then_only_genuine_lines_pass(
    tmp_path: Path,
) -> None:
    _, expected = _log(tmp_path)

    done = subprocess.run(["bash", "-c", _block("sh", "# The public key as PEM")], cwd=tmp_path,
                          env={"PUBLIC_KEY": PUBLIC_KEY, "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=60)  # fmt: skip

    assert done.returncode == 0, done.stderr
    assert [line[:3] for line in done.stdout.splitlines()] == expected
