"""Signed checkpoints of the audit chain: HMAC-SHA256 of (position, hash, count)."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, func, insert, select

from projections.audit.chain import sign_checkpoint
from projections.schema import audit_checkpoints, audit_entries


@dataclass(frozen=True)
class Checkpoint:
    position: int
    hash: str
    count: int
    created_at: datetime
    signature: str

    def signature_valid(self, key: str) -> bool:
        expected = sign_checkpoint(key, self.position, self.hash, self.count)
        return hmac.compare_digest(expected, self.signature)


class AuditKeyMissing(RuntimeError):
    """Checkpoints need `CAREPACK_AUDIT_KEY`."""


def create_checkpoint(engine: Engine, key: str | None) -> Checkpoint | None:
    """Sign the audit chain's current head; None while the chain is empty."""
    if not key:
        raise AuditKeyMissing("set CAREPACK_AUDIT_KEY to sign audit checkpoints")
    with engine.begin() as conn:
        head = conn.execute(
            select(audit_entries.c.position, audit_entries.c.hash)
            .order_by(audit_entries.c.position.desc())
            .limit(1)
        ).first()
        if head is None:
            return None
        existing = _load(conn, int(head.position))
        if existing is not None:
            return existing
        count = conn.execute(select(func.count()).select_from(audit_entries)).scalar_one()
        checkpoint = Checkpoint(
            position=int(head.position),
            hash=str(head.hash),
            count=int(count),
            created_at=datetime.now(UTC),
            signature=sign_checkpoint(key, int(head.position), str(head.hash), int(count)),
        )
        conn.execute(insert(audit_checkpoints).values(**vars(checkpoint)))
        return checkpoint


def _load(conn: Connection, position: int) -> Checkpoint | None:
    row = conn.execute(
        select(audit_checkpoints).where(audit_checkpoints.c.position == position)
    ).first()
    return None if row is None else Checkpoint(**row._asdict())


def list_checkpoints(engine: Engine) -> list[Checkpoint]:
    """Every checkpoint, oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(select(audit_checkpoints).order_by(audit_checkpoints.c.position))
        return [Checkpoint(**row._asdict()) for row in rows]
