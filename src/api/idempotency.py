"""`Idempotency-Key` on POST: the first answer is stored and replayed for the same body.

A key is reserved before its request runs, under a lease the running request renews; a
reservation whose request died (its process, or the database under it) expires and the
retry runs. Taking over an expired reservation bumps its `generation`, and only the
holder of the current generation stores or releases it. The ids a keyed request creates
derive from the reservation's `command_seed`, kept across takeovers, so a slow first
attempt and its retry create the same aggregate and the event store refuses the second.
Answers are kept `CAREPACK_IDEMPOTENCY_TTL_HOURS`, sealed when a cipher key is set.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from anyio import to_thread
from sqlalchemy.exc import IntegrityError

from api.auth import decode_token
from api.idempotency_table import IDEMPOTENCY_KEY_LENGTH, api_idempotency
from api.sealing import Sealer
from application.settings import Settings

log = logging.getLogger("carepack.api")

MAX_KEY_LENGTH = IDEMPOTENCY_KEY_LENGTH
# Replayed answers keep their content and these headers; the rest is per-request.
_KEPT_HEADERS = frozenset({"content-type", "etag", "x-event-position", "location"})
# A reservation is a row with this status.
IN_PROGRESS = 0
_C = api_idempotency.c


@dataclass(frozen=True)
class Stored:
    request_hash: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes


@dataclass(frozen=True)
class Reservation:
    """A running request's hold on its key: only this generation may answer."""

    key: str
    principal: str
    generation: int
    command_seed: str


def request_hash(method: str, path: str, body: bytes) -> str:
    """What "the same request" means: method, path and body, byte for byte."""
    digest = hashlib.sha256(f"{method} {path}\n".encode())
    digest.update(body)
    return digest.hexdigest()


def caller(settings: Settings, headers: dict[str, str]) -> str | None:
    """The token's subject; keys are per caller. None lets the handler answer 401."""
    authorization = headers.get("authorization", "")
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    try:
        return decode_token(settings, token.strip()).sub
    except Exception:
        return None


class IdempotencyStore:
    """Keys per caller. Two requests with the same key never both hold it: the second
    sees the reservation (409 while its lease runs) or, once the first has finished, its
    stored answer."""

    def __init__(self, engine: sa.Engine, settings: Settings) -> None:
        self.engine = engine
        self.lease = timedelta(seconds=settings.idempotency_lease_seconds)
        self.ttl = timedelta(hours=settings.idempotency_ttl_hours)
        self.sealer = Sealer(settings.cipher_key)

    def reserve(self, key: str, principal: str, digest: str) -> Reservation | None:
        """Claim the key for a request about to run; None when someone holds it."""
        now = datetime.now(UTC)
        fresh = {
            "request_hash": digest,
            "status": IN_PROGRESS,
            "headers": "[]",
            "body": b"",
            "created_at": now,
            "lease_until": now + self.lease,
        }
        lapsed = sa.or_(
            sa.and_(_C.status == IN_PROGRESS, _C.lease_until < now),
            _C.created_at < now - self.ttl,
        )
        seed = str(uuid.uuid4())
        # A lapsed reservation keeps its seed (its first attempt may have created what
        # the retry would); an answer past the TTL makes way for a fresh request.
        kept_seed = sa.case(
            (_C.status == IN_PROGRESS, sa.func.coalesce(_C.command_seed, seed)), else_=seed
        )
        with self.engine.begin() as connection:
            taken = connection.execute(
                api_idempotency.update()
                .where(_row(key, principal), lapsed)
                .values(generation=_C.generation + 1, command_seed=kept_seed, **fresh)
                .returning(_C.generation, _C.command_seed)
            ).first()
        if taken is not None:
            return Reservation(key, principal, taken.generation, taken.command_seed)
        row = {"key": key, "principal": principal, "generation": 1, "command_seed": seed}
        try:
            with self.engine.begin() as connection:
                connection.execute(api_idempotency.insert().values(**row, **fresh))
        except IntegrityError:
            return None
        return Reservation(key, principal, 1, seed)

    def renew(self, held: Reservation) -> bool:
        """Extend the lease of a request still running; False if it was taken over."""
        with self.engine.begin() as connection:
            renewed = connection.execute(
                api_idempotency.update()
                .where(*_held(held))
                .values(lease_until=datetime.now(UTC) + self.lease)
            )
        return renewed.rowcount == 1

    def release(self, held: Reservation) -> None:
        """Forget a reservation whose request did not succeed, so it may run again."""
        with self.engine.begin() as connection:
            connection.execute(api_idempotency.delete().where(*_held(held)))

    def find(self, key: str, principal: str) -> Stored | None:
        query = sa.select(api_idempotency).where(_row(key, principal))
        with self.engine.connect() as connection:
            row = connection.execute(query).mappings().first()
        if row is None or row["created_at"] < datetime.now(UTC) - self.ttl:
            return None
        headers = [(str(k), str(v)) for k, v in json.loads(row["headers"])]
        body = bytes(row["body"])
        if row["status"] != IN_PROGRESS:
            body = self.sealer.open(body, principal, key, row["request_hash"])
        return Stored(row["request_hash"], row["status"], headers, body)

    def save(self, held: Reservation, stored: Stored) -> bool:
        """Store the answer of the request that holds the reservation; False (and nothing
        stored) if its lease lapsed and another attempt took the key over."""
        sealed = self.sealer.seal(stored.body, held.principal, held.key, stored.request_hash)
        values: dict[str, Any] = {
            "status": stored.status,
            "headers": json.dumps(stored.headers),
            "body": sealed,
            "lease_until": None,
        }
        with self.engine.begin() as connection:
            saved = connection.execute(
                api_idempotency.update()
                .where(*_held(held), _C.request_hash == stored.request_hash)
                .values(**values)
            )
        if saved.rowcount != 1:
            log.warning("an answer was not kept: its Idempotency-Key was taken over")
        return saved.rowcount == 1

    def purge(self) -> int:
        """Delete answers older than the TTL (and reservations as old); how many."""
        cutoff = datetime.now(UTC) - self.ttl
        with self.engine.begin() as connection:
            gone = connection.execute(api_idempotency.delete().where(_C.created_at < cutoff))
        return gone.rowcount

    async def areserve(self, key: str, principal: str, digest: str) -> Reservation | None:
        return await to_thread.run_sync(self.reserve, key, principal, digest)

    async def arenew(self, held: Reservation) -> bool:
        return await to_thread.run_sync(self.renew, held)

    async def arelease(self, held: Reservation) -> None:
        await to_thread.run_sync(self.release, held)

    async def afind(self, key: str, principal: str) -> Stored | None:
        return await to_thread.run_sync(self.find, key, principal)

    async def asave(self, held: Reservation, stored: Stored) -> bool:
        return await to_thread.run_sync(self.save, held, stored)

    async def apurge(self) -> int:
        return await to_thread.run_sync(self.purge)


def _row(key: str, principal: str) -> sa.ColumnElement[bool]:
    return sa.and_(_C.key == key, _C.principal == principal)


def _held(held: Reservation) -> tuple[sa.ColumnElement[bool], ...]:
    """The reservation as this holder made it: still unanswered, same generation."""
    return (
        _row(held.key, held.principal),
        _C.status == IN_PROGRESS,
        _C.generation == held.generation,
    )


def kept_headers(raw: list[tuple[bytes, bytes]]) -> list[tuple[str, str]]:
    return [
        (k.decode("latin-1"), v.decode("latin-1"))
        for k, v in raw
        if k.lower().decode("latin-1") in _KEPT_HEADERS
    ]
