"""ASGI middleware for `Idempotency-Key` on POST: reserve, run under a lease, store, replay."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from litestar.enums import ScopeType
from litestar.types import ASGIApp, HTTPRequestEvent, Message, Receive, Scope, Send

from api.idempotency import (
    IN_PROGRESS,
    MAX_KEY_LENGTH,
    IdempotencyStore,
    Reservation,
    Stored,
    caller,
    kept_headers,
)
from api.idempotency import request_hash as hash_of
from api.problems import send_problem
from api.requests import COMMAND_SEED_KEY, header
from application.store import DATABASE_UNAVAILABLE

log = logging.getLogger("carepack.api")
# The purge of expired answers runs by itself, with a keyed request, this often at most.
PURGE_EVERY_SECONDS = 600.0
_LAST_PURGE = "idempotency_last_purge"


def idempotency_middleware(app: ASGIApp) -> ASGIApp:
    """Replay the stored answer to a POST with a known key; 422 when the body differs."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        key = header(scope, b"idempotency-key") if scope["type"] == ScopeType.HTTP else None
        if key is None or scope.get("method") != "POST":
            await app(scope, receive, send)
            return
        state = scope["app"].state
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        sub = caller(state.settings, headers)
        if sub is None:
            await app(scope, receive, send)  # the handler answers 401
            return
        if len(key) > MAX_KEY_LENGTH:
            detail = f"an Idempotency-Key has at most {MAX_KEY_LENGTH} characters"
            await send_problem(send, 422, "validation_error", detail)
            return
        body = await _read_body(receive)  # capped: `api.body_limit` is outside
        digest = hash_of("POST", scope["path"], body)
        store: IdempotencyStore = state.idempotency
        await _purge_now_and_then(state, store)
        held = await store.areserve(key, sub, digest)
        if held is None:
            await _answer_known(await store.afind(key, sub), digest, send)
            return
        scope.setdefault("state", {})[COMMAND_SEED_KEY] = held.command_seed
        await _run_holding(app, scope, body, send, store, held, digest)

    return middleware


async def _run_holding(
    app: ASGIApp,
    scope: Scope,
    body: bytes,
    send: Send,
    store: IdempotencyStore,
    held: Reservation,
    digest: str,
) -> None:
    """Run the request while renewing its lease; store a success, release anything else."""
    answered = False

    async def save(stored: Stored) -> None:
        nonlocal answered
        answered = True
        try:
            await store.asave(held, stored)
        except DATABASE_UNAVAILABLE as error:
            # The command is done: answer it. The lease lapses, and a retry with this key
            # runs again on the same command seed, which the store refuses to apply twice.
            log.warning("an answer was not kept (database unavailable: %s)", type(error).__name__)

    renewing = asyncio.create_task(_keep_lease(store, held))
    try:
        await _run_and_store(app, scope, body, send, save, digest)
    finally:
        renewing.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await renewing
        if not answered:
            await _release(store, held)


async def _keep_lease(store: IdempotencyStore, held: Reservation) -> None:
    """Renew the lease while the request runs, so only a dead request's lease lapses."""
    period = store.lease.total_seconds() / 3
    while True:
        await asyncio.sleep(period)
        try:
            if not await store.arenew(held):
                return  # taken over: the store fences this attempt's answer
        except DATABASE_UNAVAILABLE:
            continue  # the database is down: the request is most likely failing too


async def _release(store: IdempotencyStore, held: Reservation) -> None:
    try:
        await store.arelease(held)
    except DATABASE_UNAVAILABLE as error:
        log.warning("a reservation was left to lapse (%s)", type(error).__name__)


async def _purge_now_and_then(state: Any, store: IdempotencyStore) -> None:
    now = time.monotonic()
    last = state.get(_LAST_PURGE)
    if last is not None and now - last < PURGE_EVERY_SECONDS:
        return
    state[_LAST_PURGE] = now
    try:
        purged = await store.apurge()
    except DATABASE_UNAVAILABLE:
        state[_LAST_PURGE] = None  # try again with the next request
        return
    if purged:
        log.info("purged %d expired idempotency answers", purged)


async def _answer_known(found: Stored | None, digest: str, send: Send) -> None:
    """The key is taken: replay its answer, or say why not."""
    if found is not None and found.request_hash != digest:
        detail = "this Idempotency-Key was used with another request"
        await send_problem(send, 422, "idempotency_key_reused", detail)
    elif found is None or found.status == IN_PROGRESS:
        detail = "a request with this Idempotency-Key is still running; retry shortly"
        await send_problem(send, 409, "idempotency_key_in_progress", detail)
    else:
        await _replay(found, send)


async def _run_and_store(
    app: ASGIApp,
    scope: Scope,
    body: bytes,
    send: Send,
    save: Callable[[Stored], Awaitable[None]],
    digest: str,
) -> None:
    start: dict[str, Any] = {}
    chunks: list[bytes] = []

    async def replay_receive() -> HTTPRequestEvent:
        return {"type": "http.request", "body": body, "more_body": False}

    async def capture(message: Message) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False) and 200 <= start.get("status", 500) < 300:
                # Only successes are kept: a 4xx may succeed once its cause is fixed.
                headers = kept_headers(list(start.get("headers", [])))
                await save(Stored(digest, start["status"], headers, b"".join(chunks)))
        await send(message)

    await app(scope, replay_receive, capture)


async def _read_body(receive: Receive) -> bytes:
    parts: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        parts.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(parts)


async def _replay(stored: Stored, send: Send) -> None:
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in stored.headers]
    headers.append((b"content-length", str(len(stored.body)).encode()))
    headers.append((b"idempotent-replayed", b"true"))
    await send({"type": "http.response.start", "status": stored.status, "headers": headers})
    await send({"type": "http.response.body", "body": stored.body, "more_body": False})
