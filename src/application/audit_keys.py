"""Ed25519 keys of the audit checkpoints: read them from configuration, make a new pair.

The signing (private) key belongs only where checkpoints are made; verifying needs only
public keys. A key is configured as base64 of its 32 raw bytes (what `carepack audit
keygen` prints: one line, easy to put in an environment) or as PEM (what `openssl genpkey
-algorithm ed25519` writes). Several public keys may be configured, comma-separated, so
checkpoints signed before a key rotation still verify. A key's id is the first 16 hex
digits of SHA-256 over its 32 raw public bytes; every checkpoint names the key it used.
"""

from __future__ import annotations

import base64
import binascii
import hashlib

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

_RAW = serialization.Encoding.Raw
_PEM = serialization.Encoding.PEM


class AuditKeyError(ValueError):
    """A configured audit key cannot be read as an Ed25519 key."""


def _text(value: str) -> str:
    # PEM pasted into a one-line environment variable often arrives with literal "\n".
    return value.strip().replace("\\n", "\n")


def _raw(value: str, what: str) -> bytes:
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as error:
        raise AuditKeyError(f"{what} must be PEM or base64 of 32 bytes") from error
    if len(raw) != 32:
        raise AuditKeyError(f"{what} must decode to 32 bytes, not {len(raw)}")
    return raw


def load_signing_key(value: str) -> Ed25519PrivateKey:
    """The private key from `CAREPACK_AUDIT_SIGNING_KEY`."""
    text = _text(value)
    if not text.startswith("-----BEGIN"):
        return Ed25519PrivateKey.from_private_bytes(_raw(text, "the audit signing key"))
    try:
        key = serialization.load_pem_private_key(text.encode(), password=None)
    except (ValueError, TypeError) as error:
        raise AuditKeyError("the audit signing key is not a readable PEM private key") from error
    if not isinstance(key, Ed25519PrivateKey):
        raise AuditKeyError("the audit signing key must be an Ed25519 key")
    return key


def _public(text: str) -> Ed25519PublicKey:
    if not text.startswith("-----BEGIN"):
        return Ed25519PublicKey.from_public_bytes(_raw(text, "an audit public key"))
    try:
        key = serialization.load_pem_public_key(text.encode())
    except ValueError as error:
        raise AuditKeyError("an audit public key is not a readable PEM public key") from error
    if not isinstance(key, Ed25519PublicKey):
        raise AuditKeyError("an audit public key must be an Ed25519 key")
    return key


def load_public_keys(value: str) -> dict[str, Ed25519PublicKey]:
    """The public keys from `CAREPACK_AUDIT_PUBLIC_KEY` (comma-separated), by key id."""
    keys = [_public(part) for part in (_text(p) for p in _text(value).split(",")) if part]
    if not keys:
        raise AuditKeyError("no audit public key given")
    return {key_id(key): key for key in keys}


def public_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(_RAW, serialization.PublicFormat.Raw)


def key_id(key: Ed25519PublicKey) -> str:
    """The first 16 hex digits of SHA-256 over the 32 raw public bytes."""
    return hashlib.sha256(public_bytes(key)).hexdigest()[:16]


def generate_key_pair() -> tuple[str, str]:
    """A new (signing key, public key), each as base64 of its 32 raw bytes."""
    private = Ed25519PrivateKey.generate()
    raw = private.private_bytes(_RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    public = public_bytes(private.public_key())
    return base64.b64encode(raw).decode(), base64.b64encode(public).decode()


def as_pem(signing_key: str) -> tuple[str, str]:
    """(private PEM, public PEM) of a signing key, for openssl."""
    private = load_signing_key(signing_key)
    pkcs8 = private.private_bytes(
        _PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    spki = private.public_key().public_bytes(_PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return pkcs8.decode(), spki.decode()


def check_key_pair(signing_key: str, public_keys: str) -> None:
    """Refuse a signing key whose checkpoints the configured public keys would not verify."""
    found = key_id(load_signing_key(signing_key).public_key())
    if found not in load_public_keys(public_keys):
        raise AuditKeyError(
            f"the audit signing key (key id {found}) is not among CAREPACK_AUDIT_PUBLIC_KEY"
        )
