"""The request body cap (`CAREPACK_MAX_BODY_BYTES`), before anything reads a body.

A declared Content-Length over the cap answers 413 at once, nothing read. A body without
one (chunked) or longer than it said is counted as it arrives, and reading stops at the
first byte over the cap: the reader (the idempotency middleware or Litestar) gets
`BodyTooLarge`, answered as the same 413 problem.
"""

from __future__ import annotations

from litestar.enums import ScopeType
from litestar.types import ASGIApp, Receive, ReceiveMessage, Scope, Send

from api.problems import ApiProblem, send_problem
from api.requests import header

CODE = "request_too_large"


class BodyTooLarge(ApiProblem):
    def __init__(self, cap: int) -> None:
        super().__init__(413, CODE, _detail(cap), max_bytes=cap)


def body_limit_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        cap: int = scope["app"].state.settings.max_body_bytes
        declared = header(scope, b"content-length")
        if declared is not None and not declared.isdigit():
            await send_problem(send, 400, "malformed_request", "Content-Length is not a number")
            return
        if declared is not None and int(declared) > cap:
            await send_problem(send, 413, CODE, _detail(cap))
            return
        received = 0

        async def capped() -> ReceiveMessage:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > cap:
                    raise BodyTooLarge(cap)
            return message

        await app(scope, capped, send)

    return middleware


def _detail(cap: int) -> str:
    return f"the request body is larger than {cap} bytes"
