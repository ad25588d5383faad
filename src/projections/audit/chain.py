"""The hash-chain recipe shared by the audit entries and the access log (docs/audit-chain.md).

hash(n) = SHA-256(bytes.fromhex(hash(n-1)) + canonical(record n)), with hash(0) = 64 zeros.
canonical() joins fields, each as a 4-byte big-endian length then the bytes: integers and
text as UTF-8 text, the event's stored `state` as the raw bytes in the store (possibly
encrypted or compressed, so no key is needed to verify).
"""

from __future__ import annotations

import hashlib
import struct
from datetime import UTC, datetime
from uuid import UUID

GENESIS = "0" * 64


_length = struct.Struct(">I").pack


def canonical(*fields: bytes) -> bytes:
    return b"".join(_length(len(part)) + part for part in fields)


def originator_text(originator_id: UUID | str) -> str:
    """UUIDs in their 36-character lowercase form (SQLite stores 32 hex digits)."""
    return str(originator_id) if isinstance(originator_id, UUID) else originator_id


def event_record_bytes(
    position: int, originator_id: UUID | str, version: int, topic: str, state: bytes
) -> bytes:
    """The canonical bytes of a stored event, exactly as recorded in the event store."""
    # Written out rather than via canonical(): verification runs this for every event.
    p, o = b"%d" % position, originator_text(originator_id).encode()
    v, t = b"%d" % version, topic.encode()
    return (
        b"".join((_length(len(p)), p, _length(len(o)), o, _length(len(v)), v, _length(len(t)), t))
        + _length(len(state))
        + bytes(state)
    )


def link(previous_hash: str, record: bytes) -> str:
    """The next hash of the chain, hex-encoded."""
    return hashlib.sha256(bytes.fromhex(previous_hash) + record).hexdigest()


def timestamp_text(moment: datetime) -> str:
    """A UTC time as hashed: ISO 8601 with microseconds and `+00:00`."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def access_record_bytes(
    seq: int,
    at: datetime,
    actor: str,
    role: str,
    patient_id: str | None,
    resource: str,
    outcome: str,
    emergency: bool = False,
    reason: str | None = None,
) -> bytes:
    """The canonical bytes of an access-log entry (an absent patient is empty text).

    An ordinary entry is its seven fields, as before break-the-glass existed (so older
    entries still verify); an emergency access, or any entry carrying a reason, appends
    `emergency` (`1` or `0`) and the reason. Fields are length-prefixed, so the two forms
    never collide and turning one into the other changes the hash.
    """
    fields = [
        str(seq).encode(),
        timestamp_text(at).encode(),
        actor.encode(),
        role.encode(),
        (patient_id or "").encode(),
        resource.encode(),
        outcome.encode(),
    ]
    if emergency or reason:
        fields += [b"1" if emergency else b"0", (reason or "").encode()]
    return canonical(*fields)
