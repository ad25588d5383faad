"""The command line's part in data scope: integration tokens name their source; auditors
export the break-the-glass accesses; the payment sources are a setting."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from api.auth import decode_token
from application.settings import Settings
from projections.audit.access_log import NewAccess, record_accesses
from projections.engine import create_read_engine
from projections.migrations import upgrade
from tests.api.cli_run import env as env  # the fixture
from tests.api.cli_run import run
from tests.api.dsl import SECRET


def test_given_a_source_when_minting_an_integration_token_then_it_carries_the_claim(
    env: dict[str, str],
) -> None:
    minted = run(env, "token", "--sub", "edu-platform", "--role", "integration",
                 "--source", "edu").stdout.strip()  # fmt: skip
    plain = run(env, "token", "--sub", "dr-wang", "--role", "doctor").stdout.strip()

    assert decode_token(Settings(jwt_secret=SECRET), minted).source == "edu"
    assert decode_token(Settings(jwt_secret=SECRET), plain).source is None


def test_given_emergency_accesses_when_exporting_the_access_log_then_only_they_come(
    env: dict[str, str], tmp_path: Path
) -> None:
    config = Settings(data_dir=tmp_path / "var")
    upgrade(config)
    engine = create_read_engine(config)
    try:
        ordinary = NewAccess("nurse-li", "nurse", "p-1", "GET /api/v1/patients/p-1", "allowed")
        reason = "A&E, unconscious"
        emergency = NewAccess("dr-2", "doctor", "p-2", "POST /api/v1/episodes", "allowed", reason)
        record_accesses(engine, [ordinary, emergency])
    finally:
        engine.dispose()
    out = tmp_path / "emergencies.jsonl"

    run(env, "audit", "export", "--access-log", "--emergency", "--output", str(out))
    refused = run(env, "audit", "export", "--emergency", code=2)

    (line,) = out.read_text().splitlines()
    assert (json.loads(line)["actor"], json.loads(line)["reason"]) == ("dr-2", "A&E, unconscious")
    assert "--access-log" in refused.output


@pytest.mark.parametrize(
    ("given", "sources"), [("mall", ["mall"]), (" mall , pharma-mall ", ["mall", "pharma-mall"])]
)
def test_given_payment_sources_in_the_environment_then_a_comma_separated_list(
    monkeypatch: pytest.MonkeyPatch, given: str, sources: list[str]
) -> None:
    monkeypatch.setenv("CAREPACK_PAYMENT_SOURCES", given)
    assert Settings().payment_sources == sources
