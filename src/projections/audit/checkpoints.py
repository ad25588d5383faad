"""Signed checkpoints of the two audit chains (the events and the access log).

A checkpoint says "this chain had `count` entries up to `position`, whose hash was
`hash`, at `created_at`", signed with Ed25519. What is signed is one line of text, so an
auditor can check it with openssl or a few lines of Python (docs/audit-chain.md):

    carepack-audit-checkpoint/1|<chain>|<position>|<hash>|<count>|<created_at>|<key id>

and the checkpoint's line is that text, `|`, and the signature in hex. Checkpoints are
stored in `audit_checkpoints` and written as lines to the checkpoint log outside the
database (`checkpoint_log.py`), so deleting rows or the newest entries is caught.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Connection, Engine, func, insert, select

from application.audit_keys import key_id, load_signing_key
from projections import tracking
from projections.audit.chain import timestamp_text
from projections.schema import access_log, audit_checkpoints, audit_entries

MARKER = "carepack-audit-checkpoint/1"
EVENTS, ACCESS_LOG = "events", "access_log"
CHAINS = (EVENTS, ACCESS_LOG)


@dataclass(frozen=True)
class Checkpoint:
    chain: str
    position: int
    hash: str
    count: int
    created_at: datetime
    key_id: str
    signature: str  # hex

    def message(self) -> bytes:
        """The signed text."""
        fields = (MARKER, self.chain, str(self.position), self.hash, str(self.count),
                  timestamp_text(self.created_at), self.key_id)  # fmt: skip
        return "|".join(fields).encode()

    def line(self) -> str:
        """The checkpoint log's line: the signed text, then the signature."""
        return f"{self.message().decode()}|{self.signature}"

    @property
    def identity(self) -> tuple[str, int, datetime]:
        return self.chain, self.position, self.created_at


def parse_line(text: str) -> Checkpoint:
    """A checkpoint from its log line (anything before the marker, e.g. a log prefix, is
    ignored); ValueError if the line is not one."""
    start = text.find(MARKER)
    if start < 0:
        raise ValueError("no checkpoint on this line")
    parts = text[start:].strip().split("|")
    if len(parts) != 8 or parts[1] not in CHAINS:
        raise ValueError("a checkpoint line has 8 fields and names a known chain")
    _, chain, position, hash_, count, created, key, signature = parts
    moment = datetime.fromisoformat(created)
    if moment.tzinfo is None:
        raise ValueError("a checkpoint's time carries its offset")
    return Checkpoint(chain, int(position), hash_, int(count), moment.astimezone(UTC), key,
                      signature)  # fmt: skip


def signature_problem(checkpoint: Checkpoint, keys: Mapping[str, Ed25519PublicKey]) -> str | None:
    """Why the signature does not verify under the configured keys; None if it does."""
    key = keys.get(checkpoint.key_id)
    if key is None:
        return f"signed by an unknown key ({checkpoint.key_id})"
    try:
        key.verify(bytes.fromhex(checkpoint.signature), checkpoint.message())
    except (InvalidSignature, ValueError):
        return "signature does not verify (checkpoint forged or altered)"
    return None


class Signer:
    """Signs checkpoints with the configured private key (only where they are made)."""

    def __init__(self, signing_key: str) -> None:
        self._key = load_signing_key(signing_key)
        self.key_id = key_id(self._key.public_key())

    def sign(self, chain: str, position: int, hash_: str, count: int, at: datetime) -> Checkpoint:
        unsigned = Checkpoint(chain, position, hash_, count, at.astimezone(UTC), self.key_id, "")
        signature = self._key.sign(unsigned.message()).hex()
        return Checkpoint(chain, position, hash_, count, unsigned.created_at, self.key_id,
                          signature)  # fmt: skip


def _heads(conn: Connection) -> dict[str, tuple[int, str, int]]:
    """Each non-empty chain's head: (position, hash, entries up to it)."""
    heads: dict[str, tuple[int, str, int]] = {}
    e = audit_entries.c
    top = conn.execute(select(e.position, e.hash).order_by(e.position.desc()).limit(1)).first()
    if top is not None:
        count = conn.execute(
            select(func.count()).select_from(audit_entries).where(e.position <= top.position)
        ).scalar_one()
        heads[EVENTS] = (int(top.position), str(top.hash), int(count))
    a = access_log.c
    last = conn.execute(select(a.seq, a.hash).order_by(a.seq.desc()).limit(1)).first()
    if last is not None:  # sequence numbers have no gaps: the count is the last one
        heads[ACCESS_LOG] = (int(last.seq), str(last.hash), int(last.seq))
    return heads


def create_checkpoints(
    engine: Engine, signer: Signer, *, now: datetime | None = None
) -> list[Checkpoint]:
    """Sign and store the head of each chain (none for an empty chain)."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    with engine.connect() as conn:
        tracking.begin_write(conn)  # SQLite: a writer from the start, never an upgrade
        made = [
            signer.sign(chain, position, hash_, count, moment)
            for chain, (position, hash_, count) in _heads(conn).items()
        ]
        if made:
            conn.execute(insert(audit_checkpoints), [vars(c) for c in made])
        conn.commit()
    return made


def _stored(conn: Connection) -> list[Checkpoint]:
    c = audit_checkpoints.c
    rows = conn.execute(select(audit_checkpoints).order_by(c.created_at, c.chain, c.position))
    return [Checkpoint(**row._asdict()) for row in rows]


def list_checkpoints(engine: Engine) -> list[Checkpoint]:
    """Every stored checkpoint of both chains, oldest first."""
    with engine.connect() as conn:
        return _stored(conn)


def restore_checkpoints(engine: Engine, checkpoints: list[Checkpoint]) -> int:
    """Store the given (logged, verified) checkpoints that have no row, e.g. after the
    database was restored from a backup older than the log; how many were put back."""
    with engine.connect() as conn:
        tracking.begin_write(conn)
        have = {checkpoint.identity for checkpoint in _stored(conn)}
        missing = [c for c in dict.fromkeys(checkpoints) if c.identity not in have]
        if missing:
            conn.execute(insert(audit_checkpoints), [vars(c) for c in missing])
        conn.commit()
    return len(missing)
