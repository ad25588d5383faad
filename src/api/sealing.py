"""Sealing stored answers: AES-GCM under a key derived from `CAREPACK_CIPHER_KEY`.

The idempotency table keeps a replayable answer for a day; answers name patients. With a
cipher key set they are sealed: a key of their own is derived with HKDF (the event store's
key is never used directly for another purpose), each row gets a fresh 96-bit nonce, and
the row's (principal, key, request hash) is the associated data, so a sealed answer copied
into another row does not open. Without a cipher key answers are stored as they are, as
the events are.
"""

from __future__ import annotations

import base64
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_SEALED = b"\x01"  # format marker: version 1, nonce (12 bytes), ciphertext and tag
_NONCE_SIZE = 12
_INFO = b"carepack idempotency answers v1"


class Sealer:
    """Seals and opens stored answers; a no-op without a cipher key."""

    def __init__(self, cipher_key: str | None) -> None:
        self._aead: AESGCM | None = None
        if cipher_key:
            material = base64.b64decode(cipher_key)
            derived = HKDF(hashes.SHA256(), length=32, salt=None, info=_INFO).derive(material)
            self._aead = AESGCM(derived)

    @property
    def seals(self) -> bool:
        return self._aead is not None

    def seal(self, plain: bytes, *row: str) -> bytes:
        if self._aead is None:
            return plain
        nonce = os.urandom(_NONCE_SIZE)
        return _SEALED + nonce + self._aead.encrypt(nonce, plain, _associated(row))

    def open(self, stored: bytes, *row: str) -> bytes:
        """The plain answer; raises `cryptography.exceptions.InvalidTag` if it was altered,
        moved to another row or sealed under another key."""
        if self._aead is None or not stored.startswith(_SEALED):
            return stored  # stored without a key (before one was set)
        nonce = stored[1 : 1 + _NONCE_SIZE]
        return self._aead.decrypt(nonce, stored[1 + _NONCE_SIZE :], _associated(row))


def _associated(row: tuple[str, ...]) -> bytes:
    return "\n".join(row).encode()
