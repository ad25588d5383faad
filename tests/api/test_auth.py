"""Authentication and denials: bearer JWTs (HS256 or RS256), 401s, logged and hooked 403s."""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from litestar.testing import TestClient

from api import auth
from api.app import create_app
from api.auth import mint_token
from api.guards import Access, Denial
from application.settings import Settings
from tests.api.dsl import PACKAGE, Api, is_problem


@pytest.mark.parametrize(
    "authorization",
    ["", "Bearer", "Basic abc", "Bearer not.a.jwt", "Bearer " + "x" * 40],
)
def test_given_a_missing_or_garbled_token_then_401(sapi: Api, authorization: str) -> None:
    response = sapi.client.get("/api/v1/packages", headers={"Authorization": authorization})
    is_problem(response, 401, "unauthenticated")


def test_given_an_expired_or_foreign_token_then_401(sapi: Api) -> None:
    expired = mint_token(sapi.settings, "nurse-li", ["nurse"], ttl=timedelta(minutes=-5))
    foreign = jwt.encode(
        {"sub": "x", "roles": ["admin"], "exp": 2_000_000_000},
        "another-secret-of-sufficient-length!!",
        algorithm="HS256",
    )
    no_exp = jwt.encode({"sub": "x", "roles": ["admin"]}, sapi.settings.jwt_secret, "HS256")
    for token in (expired, foreign, no_exp):
        response = sapi.client.get("/api/v1/packages", headers={"Authorization": f"Bearer {token}"})
        is_problem(response, 401, "unauthenticated")


def test_given_a_token_accepted_before_when_it_expires_then_401(
    sapi: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Verified signatures are remembered; expiry is still checked on every request."""
    token = mint_token(sapi.settings, "nurse-li", ["nurse"], ttl=timedelta(minutes=10))
    headers = {"Authorization": f"Bearer {token}"}
    assert sapi.client.get("/api/v1/packages", headers=headers).status_code == 200
    later = time.time() + 11 * 60
    monkeypatch.setattr(auth.time, "time", lambda: later)
    monkeypatch.setattr(jwt.api_jwt, "datetime", _FrozenDatetime(later))
    is_problem(sapi.client.get("/api/v1/packages", headers=headers), 401, "unauthenticated")


class _FrozenDatetime:
    """`datetime` for PyJWT's own expiry check, at `moment` (epoch seconds)."""

    def __init__(self, moment: float) -> None:
        self.moment = moment

    def now(self, tz: Any = None) -> datetime:
        return datetime.fromtimestamp(self.moment, tz=tz or UTC)


def test_given_bad_claims_then_401_not_500(sapi: Api) -> None:
    claims: dict[str, Any] = {
        "sub": "p",
        "roles": ["patient"],
        "patients": ["not-a-uuid"],
        "exp": 2_000_000_000,
    }
    token = jwt.encode(claims, sapi.settings.jwt_secret, algorithm="HS256")
    response = sapi.client.get("/api/v1/packages", headers={"Authorization": f"Bearer {token}"})
    is_problem(response, 401, "unauthenticated")


def test_given_an_rs256_public_key_then_tokens_signed_by_its_private_key_pass(
    tmp_path: Path,
) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    settings = Settings(data_dir=tmp_path, jwt_public_key=public.decode())
    good = mint_token(settings, "nurse-li", ["nurse"], private_key=private)
    hs = jwt.encode(
        {"sub": "x", "roles": ["nurse"], "exp": 2_000_000_000},
        "a-shared-secret-that-is-long-enough!!",
        algorithm="HS256",
    )
    with TestClient(create_app(settings)) as client:
        ok = client.get("/api/v1/packages", headers={"Authorization": f"Bearer {good}"})
        assert ok.status_code == 200, ok.text
        refused = client.get("/api/v1/packages", headers={"Authorization": f"Bearer {hs}"})
        is_problem(refused, 401, "unauthenticated")


def test_given_a_denial_then_it_is_logged_and_the_hooks_hear_of_it(
    sapi: Api, caplog: pytest.LogCaptureFixture
) -> None:
    heard: list[Denial] = []
    sapi.client.app.state.on_denied.append(heard.append)
    patient_id = sapi.patient()
    with caplog.at_level(logging.WARNING, logger="carepack.security"):
        sapi.call("GET", f"/patients/{patient_id}", "other-dept:nurse", expect=403)
        sapi.call("POST", "/packages", "finance", {}, expect=403)
    assert [d.actor for d in heard] == ["nurse-li-2", "fin-qian"]
    assert str(heard[0].patient_id) == patient_id and heard[1].patient_id is None
    assert sum(r.name == "carepack.security" for r in caplog.records) == 2


def test_given_several_roles_then_the_actor_acts_in_the_first_one_allowed(sapi: Api) -> None:
    token = mint_token(sapi.settings, "multi", ["finance", "nurse"], ["endocrinology"])
    response = sapi.client.post(
        "/api/v1/packages", json=PACKAGE, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 201, response.text
    assert response.json()["drafter_id"] == "multi"


def test_given_a_granted_read_of_a_patient_then_the_access_hooks_hear_of_it(sapi: Api) -> None:
    heard: list[Access] = []
    sapi.client.app.state.on_access = [heard.append]
    patient_id = sapi.patient()
    sapi.get(f"/patients/{patient_id}", f"proxy:{patient_id}")
    assert [(a.actor, a.role, str(a.patient_id)) for a in heard] == [
        ("grandson", "proxy", patient_id)
    ]
