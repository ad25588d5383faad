"""Which key signs and verifies bearer tokens, and the refusal to serve without a good one.

Production configures an HS256 secret (`CAREPACK_JWT_SECRET`, 32+ bytes) or an RS256
public key (`CAREPACK_JWT_PUBLIC_KEY`, the identity provider keeps the private key).
Only demo mode, with neither configured, makes a development secret of its own: a file
in the data directory, so every process of one demo (the server, `carepack token`,
several workers) agrees on it and no two demos share one.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from application.settings import Settings

# The default this setting had once: it is in the repository's history, so anyone can
# sign with it. Refused for good, whatever its length.
RETIRED_DEVELOPMENT_SECRET = "carepack-development-secret-change-me-in-production"
MIN_SECRET_BYTES = 32  # HS256: a key shorter than the hash's output weakens it
MIN_RSA_BITS = 2048
DEMO_SECRET_FILE = "jwt-demo-secret"
_HOW = (
    "set CAREPACK_JWT_SECRET to an HS256 secret of at least 32 bytes "
    "(e.g. `openssl rand -base64 48`) or CAREPACK_JWT_PUBLIC_KEY to an RS256 public key (PEM)"
)


class AuthConfigurationError(RuntimeError):
    """No usable key for bearer tokens: the process must not serve (or sign) with it."""


@dataclass(frozen=True)
class TokenKeys:
    """The key material of one configuration.

    `verifying` is the secret or the loaded public key; `signing` the secret, or None
    when only a public key is configured (the private key lives with the issuer).
    `identity` names the key in caches without holding a second copy of the secret.
    """

    algorithm: str
    verifying: Any
    signing: str | None
    identity: str
    demo_file: Path | None = None


def token_keys(settings: Settings) -> TokenKeys:
    """The keys `settings` call for; `AuthConfigurationError` when there is none usable."""
    demo_dir = str(settings.data_dir) if settings.demo else None
    return _resolve(settings.jwt_public_key, settings.jwt_secret, demo_dir)


@functools.lru_cache(maxsize=32)
def _resolve(public_key: str | None, secret: str | None, demo_dir: str | None) -> TokenKeys:
    # Cached: tokens are verified on every request, a PEM is parsed and a file read once.
    if public_key is not None:
        return TokenKeys("RS256", _rsa_public_key(public_key), None, "rs256:" + public_key)
    if secret is not None:
        _check_secret(secret, "CAREPACK_JWT_SECRET")
        return TokenKeys("HS256", secret, secret, "hs256:configured:" + _fingerprint(secret))
    if demo_dir is not None:
        path = Path(demo_dir) / DEMO_SECRET_FILE
        found = demo_secret(path)
        return TokenKeys("HS256", found, found, "hs256:demo:" + _fingerprint(found), path)
    raise AuthConfigurationError(f"No key for bearer tokens: {_HOW}.")


def _fingerprint(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _check_secret(secret: str, source: str) -> None:
    if secret == RETIRED_DEVELOPMENT_SECRET:
        raise AuthConfigurationError(
            f"{source} is the old development secret, which is public: {_HOW}."
        )
    size = len(secret.encode())
    if size < MIN_SECRET_BYTES:
        raise AuthConfigurationError(
            f"{source} has {size} bytes; HS256 needs at least {MIN_SECRET_BYTES}: {_HOW}."
        )


def _rsa_public_key(pem: str) -> RSAPublicKey:
    try:
        key = load_pem_public_key(pem.encode())
    except ValueError as error:
        raise AuthConfigurationError(
            f"CAREPACK_JWT_PUBLIC_KEY is not a PEM public key ({error})."
        ) from None
    if not isinstance(key, RSAPublicKey):
        raise AuthConfigurationError("CAREPACK_JWT_PUBLIC_KEY must be an RSA key (RS256).")
    if key.key_size < MIN_RSA_BITS:
        raise AuthConfigurationError(
            f"CAREPACK_JWT_PUBLIC_KEY has {key.key_size} bits; RS256 needs {MIN_RSA_BITS}+."
        )
    return key


def demo_secret(path: Path) -> str:
    """The demo's development secret at `path`, made (mode 0600) on first use."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        _create(path)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise AuthConfigurationError(
            f"{path} is readable by others (mode {mode:o}): `chmod 600` it or delete it "
            "(a new one is made)."
        )
    secret = path.read_text(encoding="utf-8").strip()
    _check_secret(secret, str(path))
    return secret


def _create(path: Path) -> None:
    """Write a fresh secret beside `path`, then link it into place: two processes racing
    to make it both end up reading the one that won, never a half-written file."""
    draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(secrets.token_urlsafe(48) + "\n")
        with contextlib.suppress(FileExistsError):  # another process made it first
            os.link(draft, path)
    finally:
        draft.unlink(missing_ok=True)


def demo_notice(keys: TokenKeys) -> str | None:
    """What start-up says when the demo's development secret is in use (else None)."""
    if keys.demo_file is None:
        return None
    return (
        f"Demo mode: bearer tokens are signed and verified with the development secret in "
        f"{keys.demo_file} (made for this data directory; `carepack token` uses it too). "
        "Never run demo mode in production: set CAREPACK_JWT_SECRET or CAREPACK_JWT_PUBLIC_KEY."
    )
