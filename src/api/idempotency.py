"""`Idempotency-Key` on POST: the first answer is stored and replayed for the same body."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from anyio import to_thread
from sqlalchemy.exc import IntegrityError

from api.auth import decode_token
from application.settings import Settings
from projections.tables_api import IDEMPOTENCY_KEY_LENGTH, api_idempotency

log = logging.getLogger("carepack.api")

MAX_KEY_LENGTH = IDEMPOTENCY_KEY_LENGTH
# Replayed answers keep their content and these headers; the rest is per-request.
_KEPT_HEADERS = frozenset(
    {"content-type", "content-length", "etag", "x-event-position", "location"}
)


@dataclass(frozen=True)
class Stored:
    request_hash: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes


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


# A reservation is a row with this status; it is older than this once its request died.
IN_PROGRESS = 0
ABANDONED_AFTER = timedelta(minutes=5)


class IdempotencyStore:
    """Keys per caller. A key is reserved before its request runs, so two requests
    with the same key never both run: the second sees the reservation (409) or,
    once the first has finished, its stored answer."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    def reserve(self, key: str, principal: str, digest: str) -> bool:
        """Claim the key for a request about to run; False when someone holds it."""
        row = {
            "key": key,
            "principal": principal,
            "request_hash": digest,
            "status": IN_PROGRESS,
            "headers": "[]",
            "body": b"",
            "created_at": datetime.now(UTC),
        }
        stale = datetime.now(UTC) - ABANDONED_AFTER
        try:
            with self.engine.begin() as connection:
                connection.execute(
                    _reservation(key, principal).where(api_idempotency.c.created_at < stale)
                )
                connection.execute(api_idempotency.insert().values(**row))
        except IntegrityError:
            return False
        return True

    def release(self, key: str, principal: str) -> None:
        """Forget a reservation whose request did not succeed, so it may run again."""
        with self.engine.begin() as connection:
            connection.execute(_reservation(key, principal))

    def find(self, key: str, principal: str) -> Stored | None:
        query = sa.select(api_idempotency).where(
            api_idempotency.c.key == key, api_idempotency.c.principal == principal
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).mappings().first()
        if row is None:
            return None
        headers = [(str(k), str(v)) for k, v in json.loads(row["headers"])]
        return Stored(row["request_hash"], row["status"], headers, bytes(row["body"]))

    def save(self, key: str, principal: str, stored: Stored) -> None:
        """Store the answer of the request that holds the reservation."""
        values: dict[str, Any] = {
            "status": stored.status,
            "headers": json.dumps(stored.headers),
            "body": stored.body,
        }
        with self.engine.begin() as connection:
            connection.execute(
                api_idempotency.update()
                .where(
                    api_idempotency.c.key == key,
                    api_idempotency.c.principal == principal,
                    api_idempotency.c.request_hash == stored.request_hash,
                )
                .values(**values)
            )

    async def areserve(self, key: str, principal: str, digest: str) -> bool:
        return await to_thread.run_sync(self.reserve, key, principal, digest)

    async def arelease(self, key: str, principal: str) -> None:
        await to_thread.run_sync(self.release, key, principal)

    async def afind(self, key: str, principal: str) -> Stored | None:
        return await to_thread.run_sync(self.find, key, principal)

    async def asave(self, key: str, principal: str, stored: Stored) -> None:
        await to_thread.run_sync(self.save, key, principal, stored)


def _reservation(key: str, principal: str) -> sa.Delete:
    """Deleting the unanswered reservation of this key (never a stored answer)."""
    return api_idempotency.delete().where(
        api_idempotency.c.key == key,
        api_idempotency.c.principal == principal,
        api_idempotency.c.status == IN_PROGRESS,
    )


def kept_headers(raw: list[tuple[bytes, bytes]]) -> list[tuple[str, str]]:
    return [
        (k.decode("latin-1"), v.decode("latin-1"))
        for k, v in raw
        if k.lower().decode("latin-1") in _KEPT_HEADERS
    ]
