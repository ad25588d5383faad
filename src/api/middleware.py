"""ASGI middleware: the correlation id and the unit of work of every request.

Idempotency-Key replays are in `api.idempotency_middleware`, the body cap in `api.body_limit`.
"""

from __future__ import annotations

import re
import uuid

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from api.read_models import end_reads
from api.requests import CORRELATION_KEY, header

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
        given = header(scope, b"x-correlation-id")
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
    shares the request's context); its read-model reads are one transaction
    (`api.read_models.reads`), ended here at the latest."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        try:
            with scope["app"].state.carepack.unit_of_work():
                await app(scope, receive, send)
        finally:
            end_reads(scope)  # a handler that failed before its answer left it open

    return middleware
