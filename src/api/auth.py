"""Bearer-JWT authentication: the `Principal` behind a request, and minting tokens."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

import jwt
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException

from api.token_keys import AuthConfigurationError, token_keys
from application.settings import Settings

PRINCIPAL_KEY = "carepack.principal"
_LEEWAY_SECONDS = 5
INVALID_TOKEN = "invalid token"


@dataclass(frozen=True)
class Principal:
    """Who is calling, as the token says: never trusted beyond its signature and expiry."""

    sub: str
    roles: tuple[str, ...]
    departments: tuple[str, ...] = ()
    patients: tuple[UUID, ...] = ()
    # An integration's platform (`source` claim): it acts for that source only.
    source: str | None = None

    def has_any(self, roles: frozenset[str]) -> bool:
        return any(role in roles for role in self.roles)

    def first_of(self, roles: frozenset[str]) -> str | None:
        """The first of the caller's roles the endpoint allows: the role the actor acts in."""
        return next((role for role in self.roles if role in roles), None)


# Tokens that passed every check: (key, policy, token) -> (principal, exp). A client sends
# the same token for hours; verifying it once is enough, expiry is checked on every use.
# The policy (audience, issuer, lifetime cap) is part of the key, so a token accepted under
# one configuration is checked afresh under another. Bounded: emptied when full.
_VERIFIED: dict[tuple[str, tuple[Any, ...], str], tuple[Principal, float]] = {}
_VERIFIED_MAX = 10_000
_DEFAULT_TTL = timedelta(hours=8)


def max_lifetime(settings: Settings) -> timedelta:
    """The longest lifetime (exp - iat) a token may have to be accepted."""
    return timedelta(hours=settings.jwt_max_lifetime_hours)


def mint_token(
    settings: Settings,
    sub: str,
    roles: list[str],
    departments: list[str] | None = None,
    patients: list[str] | None = None,
    ttl: timedelta = _DEFAULT_TTL,
    *,
    private_key: str | None = None,
    source: str | None = None,
) -> str:
    """A token the server accepts: HS256 with its secret (the configured one, or in demo
    mode the data directory's), or RS256 when given the private key. The lifetime is
    never longer than the server accepts; audience and issuer are set when configured."""
    issued = int(time.time())
    lifetime = int(min(ttl, max_lifetime(settings)).total_seconds())
    claims: dict[str, Any] = {
        "sub": sub,
        "roles": list(roles),
        "departments": list(departments or []),
        "patients": [str(p) for p in patients or []],
        "iat": issued,
        "exp": issued + lifetime,
    }
    if source is not None:
        claims["source"] = source
    if settings.jwt_audience is not None:
        claims["aud"] = settings.jwt_audience
    if settings.jwt_issuer is not None:
        claims["iss"] = settings.jwt_issuer
    if private_key is not None:
        return jwt.encode(claims, private_key, algorithm="RS256")
    keys = token_keys(settings)
    if keys.signing is None:
        raise AuthConfigurationError(
            "Tokens are verified with CAREPACK_JWT_PUBLIC_KEY (RS256): signing one needs the"
            " matching private key, which Carepack does not hold."
        )
    return jwt.encode(claims, keys.signing, algorithm=keys.algorithm)


def _policy(settings: Settings) -> tuple[Any, ...]:
    return (settings.jwt_audience, settings.jwt_issuer, settings.jwt_max_lifetime_hours)


def decode_token(settings: Settings, token: str) -> Principal:
    """Signature, expiry, audience, issuer and lifetime; any defect is a 401 that says
    "invalid token" (never the library's words), never a 500."""
    keys = token_keys(settings)
    remembered = (keys.identity, _policy(settings), token)
    known = _VERIFIED.get(remembered)
    if known is not None:
        if time.time() <= known[1] + _LEEWAY_SECONDS:
            return known[0]
        del _VERIFIED[remembered]  # expired: PyJWT below says so
    try:
        claims = _verified_claims(settings, keys.verifying, keys.algorithm, token)
        principal = _principal(claims)
    except jwt.ExpiredSignatureError:
        raise NotAuthorizedException("invalid token: expired") from None
    except (jwt.PyJWTError, ValueError, TypeError):
        raise NotAuthorizedException(INVALID_TOKEN) from None
    if len(_VERIFIED) >= _VERIFIED_MAX:
        _VERIFIED.clear()
    _VERIFIED[remembered] = (principal, float(claims["exp"]))
    return principal


def _verified_claims(settings: Settings, key: Any, algorithm: str, token: str) -> dict[str, Any]:
    required = ["sub", "exp", "iat"]
    required += ["aud"] if settings.jwt_audience is not None else []
    required += ["iss"] if settings.jwt_issuer is not None else []
    claims: dict[str, Any] = jwt.decode(
        token,
        key,
        algorithms=[algorithm],
        audience=settings.jwt_audience,
        issuer=settings.jwt_issuer,
        options={"require": required},
        leeway=_LEEWAY_SECONDS,
    )
    lifetime = float(claims["exp"]) - float(claims["iat"])
    if lifetime > max_lifetime(settings).total_seconds():
        raise ValueError("the token's lifetime is longer than this server accepts")
    return claims


def _principal(claims: dict[str, Any]) -> Principal:
    roles = claims.get("roles", [])
    departments = claims.get("departments", [])
    patients = claims.get("patients", [])
    if not all(isinstance(v, list) for v in (roles, departments, patients)):
        raise ValueError("roles, departments and patients must be lists")
    source = claims.get("source")
    if source is not None and not isinstance(source, str):
        raise ValueError("source must be a string")
    return Principal(
        sub=str(claims["sub"]),
        roles=tuple(str(r) for r in roles),
        departments=tuple(str(d) for d in departments),
        patients=tuple(UUID(str(p)) for p in patients),
        source=source or None,
    )


def bearer_token(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    header = connection.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotAuthorizedException("invalid token: a bearer token is required")
    return token.strip()


def principal_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Principal:
    """The request's principal, decoded once and kept in the request's scope state."""
    state = connection.scope.setdefault("state", {})
    found = state.get(PRINCIPAL_KEY)
    if isinstance(found, Principal):
        return found
    settings: Settings = connection.app.state.settings
    principal = decode_token(settings, bearer_token(connection))
    state[PRINCIPAL_KEY] = principal
    return principal
