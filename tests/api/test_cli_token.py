"""`carepack serve` refuses to start without a usable key; `carepack token` signs with the
key the server uses (configured secret, the demo's secret, or a given RS256 private key)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jwt
import pytest
import uvicorn
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from typer.testing import CliRunner, Result

from api.auth import decode_token
from api.cli.main import cli
from api.token_keys import DEMO_SECRET_FILE
from application.settings import Settings
from tests.api.dsl import SECRET

TOKEN_ARGS = ("token", "--sub", "u1", "--role", "nurse")


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """No key configured (the tests' own secret removed), a data dir of its own."""
    monkeypatch.delenv("CAREPACK_JWT_SECRET")
    return {"CAREPACK_DATA_DIR": str(tmp_path / "var")}


def run(env: dict[str, str], *args: str, code: int = 0) -> Result:
    result = CliRunner().invoke(cli, list(args), env=env)
    assert result.exit_code == code, (result.output, result.exception)
    return result


def _rsa_pair(folder: Path, name: str) -> tuple[Path, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = folder / f"{name}.pem"
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    private.write_bytes(pem)
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private, public.decode()


def test_given_no_key_when_serving_then_it_exits_non_zero_naming_the_variable(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    served: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: served.append(a))
    result = run(env, "serve", code=2)
    assert "Refusing to serve" in result.output and "CAREPACK_JWT_SECRET" in result.output
    weak = run({**env, "CAREPACK_JWT_SECRET": "short"}, "serve", code=2)
    assert "at least 32" in weak.output
    assert served == []


def test_given_demo_mode_when_serving_and_minting_then_both_use_the_data_dirs_secret(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    served: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **k: served.append(app))
    monkeypatch.setenv("CAREPACK_DEMO", "false")  # serve --demo exports it: undone after
    started = "".join(run(env, "serve", "--demo", "--patients", "1").output.split())
    secret_file = tmp_path / "var" / DEMO_SECRET_FILE
    assert "Demomode" in started and "".join(str(secret_file).split()) in started
    assert len(served) == 1 and secret_file.exists()

    minted = run(env, *TOKEN_ARGS)
    token = minted.stdout.strip()
    assert "demo's development secret" in minted.stderr
    demo = Settings(data_dir=tmp_path / "var", demo=True)
    assert decode_token(demo, token).sub == "u1"
    jwt.decode(token, secret_file.read_text().strip(), algorithms=["HS256"])


def test_given_a_configured_secret_and_claims_when_minting_then_the_server_accepts_it(
    env: dict[str, str],
) -> None:
    configured = {**env, "CAREPACK_JWT_SECRET": SECRET, "CAREPACK_JWT_AUDIENCE": "carepack-api",
                  "CAREPACK_JWT_ISSUER": "https://idp.example"}  # fmt: skip
    minted = run(configured, *TOKEN_ARGS)
    assert minted.stderr == ""
    claims = jwt.decode(minted.stdout.strip(), SECRET, algorithms=["HS256"],
                        audience="carepack-api", issuer="https://idp.example")  # fmt: skip
    assert claims["exp"] - claims["iat"] == 8 * 3600
    too_long = run(configured, *TOKEN_ARGS, "--hours", "13", code=2)
    assert "CAREPACK_JWT_MAX_LIFETIME_HOURS" in too_long.output


def test_given_only_a_public_key_when_minting_then_the_private_key_is_needed_and_checked(
    env: dict[str, str], tmp_path: Path
) -> None:
    private, public = _rsa_pair(tmp_path, "ours")
    other, _ = _rsa_pair(tmp_path, "theirs")
    rs = {**env, "CAREPACK_JWT_PUBLIC_KEY": public}
    missing = run(rs, *TOKEN_ARGS, code=2)
    assert "--private-key" in missing.output and "CAREPACK_JWT_PUBLIC_KEY" in missing.output
    mismatched = run(rs, *TOKEN_ARGS, "--private-key", str(other), code=2)
    assert "does not sign tokens" in mismatched.output

    token = run(rs, *TOKEN_ARGS, "--private-key", str(private)).stdout.strip()
    server = Settings(data_dir=tmp_path, jwt_public_key=public)
    assert decode_token(server, token).roles == ("nurse",)
    hs = run({**env, "CAREPACK_JWT_SECRET": SECRET}, *TOKEN_ARGS, "--private-key", str(private),
             code=2)  # fmt: skip
    assert "HS256" in hs.output


@pytest.mark.parametrize("workers", ["1", "2"])
def test_given_serve_when_started_then_uvicorns_access_log_follows_the_setting(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, workers: str
) -> None:
    """Off unless CAREPACK_HTTP_ACCESS_LOG asks for it, with one worker or several."""
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: calls.append(k))
    configured = {**env, "CAREPACK_JWT_SECRET": SECRET, "CAREPACK_RUN_PROJECTIONS": "false"}
    run(configured, "serve", "--workers", workers)
    run({**configured, "CAREPACK_HTTP_ACCESS_LOG": "true"}, "serve", "--workers", workers)
    assert [call["access_log"] for call in calls] == [False, True]
