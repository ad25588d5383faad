"""What a token must claim beyond its signature: audience and issuer when configured, a
lifetime within the cap, an `iat`; and a 401 that says "invalid token", nothing more."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jwt
import pytest
from httpx import Response

from api.auth import mint_token
from application.settings import Settings
from tests.api.dsl import SECRET, Api, is_problem, running

HOUR = 3600
FOREIGN = "another-secret-of-length-32!!!!!"


def _settings(tmp_path: Path, **changes: Any) -> Settings:
    return Settings(database_url=f"sqlite:///{tmp_path / 'events.db'}", data_dir=tmp_path,
                    **changes)  # fmt: skip


@pytest.fixture
def strict(tmp_path: Path) -> Iterator[Api]:
    """An app that wants `aud` carepack-api and `iss` https://idp.example."""
    config = _settings(tmp_path, jwt_audience="carepack-api", jwt_issuer="https://idp.example")
    with running(config) as world:
        yield world


def _signed(**claims: Any) -> str:
    now = int(time.time())
    base: dict[str, Any] = {"sub": "nurse-li", "roles": ["nurse"], "iat": now, "exp": now + HOUR}
    return jwt.encode({**base, **claims}, SECRET, algorithm="HS256")


def _call(world: Api, token: str) -> Response:
    return world.client.get("/api/v1/packages", headers={"Authorization": f"Bearer {token}"})


def _refused(response: Response, detail: str = "invalid token") -> None:
    body = is_problem(response, 401, "unauthenticated")
    assert body["detail"] == detail, body  # never the library's own words


def test_given_an_audience_and_issuer_then_only_tokens_naming_both_pass(strict: Api) -> None:
    assert _call(strict, mint_token(strict.settings, "nurse-li", ["nurse"])).status_code == 200
    good = {"aud": "carepack-api", "iss": "https://idp.example"}
    assert _call(strict, _signed(**good)).status_code == 200
    for claims in (
        {},
        {"aud": "carepack-api"},
        {"iss": "https://idp.example"},
        {**good, "aud": "another-api"},
        {**good, "iss": "https://evil.example"},
    ):
        _refused(_call(strict, _signed(**claims)))


def test_given_no_audience_configured_then_a_token_for_another_audience_is_refused(
    sapi: Api,
) -> None:
    _refused(_call(sapi, _signed(aud="another-api")))


def test_given_the_lifetime_cap_then_longer_lived_tokens_and_tokens_without_iat_are_refused(
    sapi: Api,
) -> None:
    now = int(time.time())
    assert _call(sapi, _signed(iat=now, exp=now + 12 * HOUR)).status_code == 200
    _refused(_call(sapi, _signed(iat=now, exp=now + 12 * HOUR + 1)))
    _refused(_call(sapi, _signed(iat=now - 30 * 24 * HOUR, exp=now + HOUR)))
    no_iat = jwt.encode({"sub": "x", "roles": ["nurse"], "exp": now + 60}, SECRET, "HS256")
    _refused(_call(sapi, no_iat))
    _refused(_call(sapi, _signed(iat=now + HOUR, exp=now + 2 * HOUR)))  # issued in the future


def test_given_a_longer_cap_then_minted_tokens_are_capped_by_the_setting(tmp_path: Path) -> None:
    config = _settings(tmp_path, jwt_secret=SECRET, jwt_max_lifetime_hours=1)
    token = mint_token(config, "nurse-li", ["nurse"])  # asks for the default 8 h
    claims = jwt.decode(token, SECRET, algorithms=["HS256"])
    assert claims["exp"] - claims["iat"] == HOUR


def test_given_a_token_verified_under_one_policy_then_another_policy_checks_it_afresh(
    tmp_path: Path,
) -> None:
    """Verified tokens are cached; the cache must not carry them past a stricter policy."""
    now = int(time.time())
    long_lived = _signed(iat=now, exp=now + 20 * HOUR)
    no_audience = _signed()
    with running(_settings(tmp_path / "a", jwt_max_lifetime_hours=24)) as lenient:
        assert _call(lenient, long_lived).status_code == 200
        assert _call(lenient, no_audience).status_code == 200
    with running(_settings(tmp_path / "b", jwt_audience="carepack-api")) as strict:
        _refused(_call(strict, long_lived))
        _refused(_call(strict, no_audience))


@pytest.mark.parametrize(
    "token",
    [
        "not.a.jwt",
        "x" * 40,
        jwt.encode({"sub": "x", "exp": 2_000_000_000, "iat": 1}, FOREIGN),
        jwt.encode({"sub": "x", "iat": 1}, SECRET),
    ],
)
def test_given_any_defect_then_the_401_says_invalid_token_only(sapi: Api, token: str) -> None:
    _refused(_call(sapi, token))


def test_given_an_expired_token_then_the_401_says_so_briefly(sapi: Api) -> None:
    now = int(time.time())
    _refused(_call(sapi, _signed(iat=now - 2 * HOUR, exp=now - HOUR)), "invalid token: expired")


def test_given_no_token_then_the_401_says_invalid_token(sapi: Api) -> None:
    response = sapi.client.get("/api/v1/packages")
    _refused(response, "invalid token: a bearer token is required")
