"""`Idempotency-Key` on POST: the first answer is stored and replayed for the same body."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
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


class IdempotencyStore:
    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

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
        """First writer wins: a concurrent duplicate keeps the answer already stored."""
        row: dict[str, Any] = {
            "key": key,
            "principal": principal,
            "request_hash": stored.request_hash,
            "status": stored.status,
            "headers": json.dumps(stored.headers),
            "body": stored.body,
            "created_at": datetime.now(UTC),
        }
        try:
            with self.engine.begin() as connection:
                connection.execute(api_idempotency.insert().values(**row))
        except IntegrityError:
            log.info("idempotency key %r stored concurrently; keeping the first", key)

    async def afind(self, key: str, principal: str) -> Stored | None:
        return await to_thread.run_sync(self.find, key, principal)

    async def asave(self, key: str, principal: str, stored: Stored) -> None:
        await to_thread.run_sync(self.save, key, principal, stored)


def kept_headers(raw: list[tuple[bytes, bytes]]) -> list[tuple[str, str]]:
    return [
        (k.decode("latin-1"), v.decode("latin-1"))
        for k, v in raw
        if k.lower().decode("latin-1") in _KEPT_HEADERS
    ]
