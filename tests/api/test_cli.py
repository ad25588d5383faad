"""The `carepack` command line, through typer's CliRunner on a throwaway SQLite store."""

from __future__ import annotations

import json
from pathlib import Path
from uuid import uuid4

from api.auth import decode_token
from application.settings import Settings
from projections.audit.checkpoints import parse_line
from tests.api.cli_run import env as env  # the fixture
from tests.api.cli_run import run
from tests.api.dsl import SECRET
from tests.projections.keys import SIGNING_KEY


def test_given_roles_when_minting_a_token_then_only_a_valid_token_is_printed(
    env: dict[str, str],
) -> None:
    patient = str(uuid4())
    result = run(env, "token", "--sub", "u1", "--role", "nurse", "--role", "doctor",
                 "--department", "oncology", "--patient", patient)  # fmt: skip

    lines = result.stdout.splitlines()
    assert len(lines) == 1 and lines[0].count(".") == 2
    who = decode_token(Settings(jwt_secret=SECRET), lines[0])
    assert who.sub == "u1" and who.roles == ("nurse", "doctor")
    assert who.departments == ("oncology",) and [str(p) for p in who.patients] == [patient]


def test_given_an_empty_store_when_seeding_the_demo_then_read_models_follow_and_verify(
    env: dict[str, str], tmp_path: Path
) -> None:
    seeded = run(env, "demo", "--patients", "12")
    assert "Demo hospital seeded: 12 patients" in seeded.output

    status = json.loads(run(env, "projections", "status", "--json").stdout)
    assert {s["name"] for s in status} == {"audit", "dashboard", "finance"}
    assert all(s["lag"] == 0 and s["position"] == s["head"] > 0 for s in status)
    verified = json.loads(run(env, "audit", "verify").stdout)
    assert verified["ok"] and verified["checked"] == status[0]["head"]

    again = run(env, "demo", "--patients", "12", code=1)
    assert "not empty" in again.output


def test_given_a_seeded_store_when_running_the_other_commands_then_they_answer(
    env: dict[str, str], tmp_path: Path
) -> None:
    run(env, "demo", "--patients", "6")
    run(env, "db", "upgrade")
    expired = json.loads(run(env, "expire-due").stdout)
    assert expired["count"] == len(expired["expired"])

    out = tmp_path / "audit.csv"
    run(env, "audit", "export", "--format", "csv", "--output", str(out))
    assert out.read_text().startswith("position,")
    missing_key = run(env, "audit", "checkpoint", code=2)
    assert "CAREPACK_AUDIT_SIGNING_KEY" in missing_key.output
    signed = run({**env, "CAREPACK_AUDIT_SIGNING_KEY": SIGNING_KEY}, "audit", "checkpoint")
    assert parse_line(signed.stdout.splitlines()[0]).position > 0

    settlement = tmp_path / "settlement.csv"
    settlement.write_text(
        "provider_ref,kind,amount,currency,settled_at\nNOPE-1,payment,1.00,CNY,2026-01-01T00:00:00Z\n"
    )
    report = json.loads(run(env, "finance", "reconcile", str(settlement)).stdout)
    assert [line["status"] for line in report["lines"]] == ["unknown_to_us"]

    rebuilt = run(env, "projections", "rebuild", "dashboard")
    assert "Rebuilt dashboard" in rebuilt.output
    run(env, "projections", "rebuild", "nope", code=2)


def test_given_several_workers_with_embedded_projections_then_serve_refuses(
    env: dict[str, str],
) -> None:
    result = run(env, "serve", "--workers", "2", code=2)
    assert "CAREPACK_RUN_PROJECTIONS=false" in result.output
