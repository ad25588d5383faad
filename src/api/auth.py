"""Bearer-JWT authentication: the `Principal` behind a request, and minting dev tokens."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import jwt
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException

from application.settings import Settings

PRINCIPAL_KEY = "carepack.principal"
_LEEWAY_SECONDS = 5


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


# Tokens whose signature was verified: (key, token) -> (principal, exp). A client sends
# the same token for hours; verifying its signature once is enough, expiry is checked on
# every use. Bounded: emptied when full.
_VERIFIED: dict[tuple[str, str], tuple[Principal, float]] = {}
_VERIFIED_MAX = 10_000


def mint_token(
    settings: Settings,
    sub: str,
    roles: list[str],
    departments: list[str] | None = None,
    patients: list[str] | None = None,
    ttl: timedelta = timedelta(hours=8),
    *,
    private_key: str | None = None,
    source: str | None = None,
) -> str:
    """A signed token: HS256 with the shared secret, or RS256 when given a private key."""
    now = datetime.now(UTC)
    claims: dict[str, Any] = {
        "sub": sub,
        "roles": list(roles),
        "departments": list(departments or []),
        "patients": [str(p) for p in patients or []],
        "iat": now,
        "exp": now + ttl,
    }
    if source is not None:
        claims["source"] = source
    if private_key is not None:
        return jwt.encode(claims, private_key, algorithm="RS256")
    return jwt.encode(claims, settings.jwt_secret, algorithm="HS256")


def decode_token(settings: Settings, token: str) -> Principal:
    """Verify the signature and expiry; any defect is a 401, never a 500."""
    key, algorithm = (
        (settings.jwt_public_key, "RS256")
        if settings.jwt_public_key
        else (settings.jwt_secret, "HS256")
    )
    remembered = (key or "", token)
    known = _VERIFIED.get(remembered)
    if known is not None:
        if time.time() <= known[1] + _LEEWAY_SECONDS:
            return known[0]
        del _VERIFIED[remembered]  # expired: PyJWT below says so
    try:
        claims = jwt.decode(
            token,
            key,
            algorithms=[algorithm],
            options={"require": ["sub", "exp"]},
            leeway=_LEEWAY_SECONDS,
        )
        principal = _principal(claims)
    except (jwt.PyJWTError, ValueError, TypeError) as error:
        raise NotAuthorizedException(f"invalid token: {error}") from None
    if len(_VERIFIED) >= _VERIFIED_MAX:
        _VERIFIED.clear()
    _VERIFIED[remembered] = (principal, float(claims["exp"]))
    return principal


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
        raise NotAuthorizedException("a bearer token is required")
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
