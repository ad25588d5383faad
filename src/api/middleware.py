"""ASGI middleware: the correlation id on every request, and Idempotency-Key replays."""

from __future__ import annotations

import json
import re
import uuid
from http import HTTPStatus
from typing import Any

from litestar.enums import ScopeType
from litestar.types import ASGIApp, HTTPRequestEvent, Message, Receive, Scope, Send

from api.idempotency import (
    IN_PROGRESS,
    MAX_KEY_LENGTH,
    IdempotencyStore,
    Stored,
    caller,
    kept_headers,
)
from api.idempotency import request_hash as hash_of
from api.problems import PROBLEM_BASE, PROBLEM_JSON
from api.requests import CORRELATION_KEY

# A correlation id lands in every event, the audit trail and its CSV export: only
# characters no log, header or spreadsheet gives a meaning to.
CORRELATION_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def correlation_middleware(app: ASGIApp) -> ASGIApp:
    """Take `X-Correlation-Id` from the request when it is a plain token
    (`[A-Za-z0-9._:-]{1,128}`), else make one; echo it on the answer."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        given = _header(scope, b"x-correlation-id")
        cid = given if given and CORRELATION_ID.fullmatch(given) else str(uuid.uuid4())
        scope.setdefault("state", {})[CORRELATION_KEY] = cid

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), (b"x-correlation-id", cid.encode())]
                message = {**message, "headers": headers}
            await send(message)

        await app(scope, receive, send_with_id)

    return middleware


def unit_of_work_middleware(app: ASGIApp) -> ASGIApp:
    """One HTTP request, one unit of work: its scope check, command and answer read each
    aggregate from the store once (`CarepackBase.unit_of_work`; the handler's thread
    shares the request's context)."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        with scope["app"].state.carepack.unit_of_work():
            await app(scope, receive, send)

    return middleware


def idempotency_middleware(app: ASGIApp) -> ASGIApp:
    """Replay the stored answer to a POST with a known key; 422 when the body differs."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        key = _header(scope, b"idempotency-key") if scope["type"] == ScopeType.HTTP else None
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
            await _problem(send, 422, "validation_error", detail)
            return
        body = await _read_body(receive)
        digest = hash_of("POST", scope["path"], body)
        store: IdempotencyStore = state.idempotency
        if not await store.areserve(key, sub, digest):
            await _answer_known(await store.afind(key, sub), digest, send)
            return
        saved = False

        async def save(stored: Stored) -> None:
            nonlocal saved
            await store.asave(key, sub, stored)
            saved = True

        try:
            await _run_and_store(app, scope, body, send, save, digest)
        finally:
            if not saved:
                await store.arelease(key, sub)

    return middleware


async def _answer_known(found: Stored | None, digest: str, send: Send) -> None:
    """The key is taken: replay its answer, or say why not."""
    if found is not None and found.request_hash != digest:
        detail = "this Idempotency-Key was used with another request"
        await _problem(send, 422, "idempotency_key_reused", detail)
    elif found is None or found.status == IN_PROGRESS:
        detail = "a request with this Idempotency-Key is still running; retry shortly"
        await _problem(send, 409, "idempotency_key_in_progress", detail)
    else:
        await _replay(found, send)


async def _run_and_store(
    app: ASGIApp, scope: Scope, body: bytes, send: Send, save: Any, digest: str
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
    headers.append((b"idempotent-replayed", b"true"))
    await send({"type": "http.response.start", "status": stored.status, "headers": headers})
    await send({"type": "http.response.body", "body": stored.body, "more_body": False})


async def _problem(send: Send, status: int, code: str, detail: str) -> None:
    document = {
        "type": PROBLEM_BASE + code,
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "code": code,
    }
    body = json.dumps(document).encode()
    headers = [
        (b"content-type", PROBLEM_JSON.encode()),
        (b"content-length", str(len(body)).encode()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            text: str = value.decode("latin-1").strip()
            return text or None
    return None
