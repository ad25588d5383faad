"""No usable default key: the app refuses to start without a good one, except in demo mode,
which makes a development secret per data directory."""

from __future__ import annotations

import logging
import stat
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from httpx import Response
from litestar.testing import TestClient

from api.app import create_app
from api.auth import mint_token
from api.token_keys import (
    DEMO_SECRET_FILE,
    RETIRED_DEVELOPMENT_SECRET,
    AuthConfigurationError,
    token_keys,
)
from application.settings import Settings
from tests.api.dsl import is_problem


@pytest.fixture
def bare(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings with no token key at all, as a fresh production host has."""
    monkeypatch.delenv("CAREPACK_JWT_SECRET")
    return Settings(data_dir=tmp_path / "var")


def _public_pem(key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def _get(client: TestClient[Any], token: str) -> Response:
    return client.get("/api/v1/packages", headers={"Authorization": f"Bearer {token}"})


def test_given_no_key_when_creating_the_app_then_it_refuses_naming_the_variables(
    bare: Settings,
) -> None:
    with pytest.raises(AuthConfigurationError) as refused:
        create_app(bare)
    assert "CAREPACK_JWT_SECRET" in str(refused.value)
    assert "CAREPACK_JWT_PUBLIC_KEY" in str(refused.value)
    assert not (bare.data_dir / DEMO_SECRET_FILE).exists()  # outside demo mode: never made


@pytest.mark.parametrize(
    ("secret", "why"),
    [
        (RETIRED_DEVELOPMENT_SECRET, "old development secret"),
        ("x" * 31, "31 bytes"),
        ("秘" * 10, "30 bytes"),  # characters are not bytes
        ("", "No key"),  # an exported-but-empty variable is no secret
    ],
)
def test_given_an_unusable_secret_when_creating_the_app_then_it_refuses(
    bare: Settings, secret: str, why: str
) -> None:
    for demo in (False, True):  # a configured secret is checked in demo mode too, unless empty
        config = bare.model_copy(update={"jwt_secret": secret or None, "demo": demo})
        if demo and not secret:
            continue
        with pytest.raises(AuthConfigurationError, match=why):
            create_app(config)


def test_given_an_unusable_public_key_when_creating_the_app_then_it_refuses(
    bare: Settings,
) -> None:
    weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    curve = ec.generate_private_key(ec.SECP256R1())
    for pem, why in (
        ("not a key", "not a PEM public key"),
        (_public_pem(curve), "must be an RSA key"),
        (_public_pem(weak), "1024 bits"),
    ):
        with pytest.raises(AuthConfigurationError, match=why):
            create_app(bare.model_copy(update={"jwt_public_key": pem}))


def test_given_demo_mode_without_a_secret_then_a_private_per_data_dir_secret_signs_tokens(
    bare: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    demo = bare.model_copy(update={"demo": True})
    with caplog.at_level(logging.WARNING, logger="carepack.api"):
        app = create_app(demo)
    secret_file = bare.data_dir / DEMO_SECRET_FILE
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    assert any("Demo mode" in r.getMessage() and str(secret_file) in r.getMessage()
               for r in caplog.records)  # fmt: skip

    token = mint_token(demo, "nurse-li", ["nurse"], ["endocrinology"])  # the console's call
    elsewhere = Settings(data_dir=tmp_path / "other", demo=True)
    foreign = mint_token(elsewhere, "nurse-li", ["nurse"], ["endocrinology"])
    assert token_keys(demo).signing == secret_file.read_text().strip()
    with TestClient(app) as client:
        assert _get(client, token).status_code == 200
        is_problem(_get(client, foreign), 401, "unauthenticated")
    with TestClient(create_app(demo)) as again:  # a restart keeps the data dir's secret
        assert _get(again, token).status_code == 200


def test_given_a_demo_secret_others_can_read_then_demo_mode_refuses_it(bare: Settings) -> None:
    secret_file = bare.data_dir / DEMO_SECRET_FILE
    bare.data_dir.mkdir(parents=True)
    secret_file.write_text("s" * 64)
    secret_file.chmod(0o644)
    with pytest.raises(AuthConfigurationError, match="chmod 600"):
        create_app(bare.model_copy(update={"demo": True}))


def test_given_a_demo_secret_file_when_not_in_demo_mode_then_it_is_never_used(
    bare: Settings,
) -> None:
    token_keys(bare.model_copy(update={"demo": True}))
    assert (bare.data_dir / DEMO_SECRET_FILE).exists()
    with pytest.raises(AuthConfigurationError, match="No key"):
        create_app(bare)


def test_given_only_a_public_key_when_minting_without_the_private_key_then_it_says_why(
    bare: Settings,
) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    config = bare.model_copy(update={"jwt_public_key": _public_pem(key)})
    with pytest.raises(AuthConfigurationError, match="private key"):
        mint_token(config, "nurse-li", ["nurse"])
