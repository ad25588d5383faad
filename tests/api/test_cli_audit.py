"""`carepack audit keygen|checkpoint|verify` and `projections rebuild audit`, on both stores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from application.audit_keys import load_public_keys, load_signing_key
from application.settings import Settings
from projections.audit.access_log import record_access
from projections.audit.checkpoints import parse_line
from projections.engine import create_read_engine
from projections.schema import access_log, audit_checkpoints
from tests.api.cli_run import run
from tests.api.dsl import SECRET
from tests.projections.keys import PUBLIC_KEY, SIGNING_KEY


@pytest.fixture
def env(settings: Settings, tmp_path: Path) -> dict[str, str]:
    """A seeded demo hospital on the parametrised store, with audit keys and a log file."""
    env = {
        "CAREPACK_DATA_DIR": str(settings.data_dir), "CAREPACK_JWT_SECRET": SECRET,
        "CAREPACK_DATABASE_URL": settings.event_store_url(),
        "CAREPACK_AUDIT_SIGNING_KEY": SIGNING_KEY, "CAREPACK_AUDIT_PUBLIC_KEY": PUBLIC_KEY,
        "CAREPACK_AUDIT_CHECKPOINT_LOG": str(tmp_path / "checkpoints.log"),
    }  # fmt: skip
    run(env, "demo", "--patients", "3")
    engine = create_read_engine(settings)
    record_access(engine, actor="aud-zhou", role="auditor", patient_id=None,
                  resource="GET /api/v1/audit/export", outcome="allowed")  # fmt: skip
    engine.dispose()
    return env


def _delete_checkpoint_rows(settings: Settings) -> None:
    engine = create_read_engine(settings)
    with engine.begin() as conn:
        conn.execute(delete(audit_checkpoints))
    engine.dispose()


def test_given_keygen_then_it_prints_a_pair_that_loads_and_pem_that_openssl_reads(
    tmp_path: Path,
) -> None:
    lines = run({}, "audit", "keygen").stdout.splitlines()
    pem = run({}, "audit", "keygen", "--pem").stdout

    signing, public = (line.split("=", 1)[1] for line in lines)
    assert [line.split("=")[0] for line in lines] == [
        "CAREPACK_AUDIT_SIGNING_KEY", "CAREPACK_AUDIT_PUBLIC_KEY",
    ]  # fmt: skip
    assert load_signing_key(signing).public_key() == next(iter(load_public_keys(public).values()))
    private_pem, public_pem = pem.split("-----END PRIVATE KEY-----\n")
    assert load_signing_key(private_pem + "-----END PRIVATE KEY-----") is not None
    assert len(load_public_keys(public_pem)) == 1
    assert Settings(audit_signing_key=private_pem + "-----END PRIVATE KEY-----\n").demo is False


def test_given_checkpoints_in_the_log_when_rows_are_deleted_then_cli_verify_fails(
    env: dict[str, str], settings: Settings, tmp_path: Path
) -> None:
    made = run(env, "audit", "checkpoint").stdout.splitlines()
    log = tmp_path / "checkpoints.log"
    assert log.read_text().splitlines() == made
    assert sorted(parse_line(line).chain for line in made) == ["access_log", "events"]
    assert json.loads(run(env, "audit", "verify", "--checkpoints", str(log)).stdout)["ok"]

    _delete_checkpoint_rows(settings)
    failed = json.loads(run(env, "audit", "verify", "--checkpoints", str(log), code=1).stdout)

    assert not failed["ok"]
    [reason] = {f["reason"] for f in failed["failed_checkpoints"]}
    assert reason == "in the checkpoint log, missing from the database"
    assert not failed["access_log"]["ok"]
    run(env, "audit", "verify", "--checkpoints", str(tmp_path / "nope.log"), code=2)


def test_given_a_database_restored_from_an_older_backup_then_the_log_puts_its_rows_back(
    env: dict[str, str], settings: Settings, tmp_path: Path
) -> None:
    run(env, "audit", "checkpoint")
    log = tmp_path / "checkpoints.log"
    _delete_checkpoint_rows(settings)  # as a backup from before them would
    with log.open("a") as lines:  # and a line no key of ours signed
        lines.write(parse_line(log.read_text().splitlines()[0]).line()[:-4] + "0000\n")

    restored = run(env, "audit", "checkpoint", "--from-log", str(log), code=1)
    again = run({**env, "CAREPACK_AUDIT_PUBLIC_KEY": ""}, "audit", "checkpoint", "--from-log",
                str(log), code=1)  # fmt: skip
    verified = json.loads(run(env, "audit", "verify", "--checkpoints", str(log), code=1).stdout)

    assert "2 checkpoint(s) restored; 1 refused" in restored.output
    assert "0 checkpoint(s) restored; 1 refused" in again.output  # by the signing key's own
    assert verified["access_log"]["ok"] and verified["problem"] is None
    assert {f["reason"] for f in verified["failed_checkpoints"]} == {  # only the bad line
        "the database's copy differs from the checkpoint log's",
        "signature does not verify (checkpoint forged or altered)",
    }


def test_given_a_chain_that_does_not_verify_when_rebuilding_the_audit_then_only_force_does_it(
    env: dict[str, str], settings: Settings
) -> None:
    run(env, "audit", "checkpoint")
    assert "Rebuilt audit" in run(env, "projections", "rebuild", "audit").output
    _delete_checkpoint_rows(settings)

    refused = run(env, "projections", "rebuild", "audit", code=1)
    forced = run(env, "projections", "rebuild", "audit", "--force")

    assert "does not verify" in refused.output and "--force" in refused.output
    assert "Rebuilt audit" in forced.output
    engine = create_read_engine(settings)
    with engine.connect() as conn:
        last = conn.execute(select(access_log).order_by(access_log.c.seq.desc())).first()
    engine.dispose()
    assert last is not None and (last.role, last.outcome) == ("operator", "forced")
    assert last.actor.startswith("cli:")
    assert "rebuild audit --force over: checkpoint" in last.resource


def test_given_the_retired_hmac_key_when_running_then_it_refuses_with_a_clear_message(
    tmp_path: Path,
) -> None:
    env = {"CAREPACK_DATA_DIR": str(tmp_path), "CAREPACK_AUDIT_KEY": "k" * 32}

    refused = run(env, "audit", "verify", code=2)

    assert "CAREPACK_AUDIT_KEY" in refused.output and "carepack audit keygen" in refused.output
