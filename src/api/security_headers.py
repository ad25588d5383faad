"""Headers every answer carries, set in one `before_send` hook so none is missed: not even a
404 for an unknown path or a problem raised before routing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from litestar.datastructures import MutableScopeHeaders
from litestar.types import Message, Scope

from api.requests import API_PREFIX
from application.settings import Settings

HSTS = "max-age=31536000"  # a year; subdomains are the hospital's to decide, not ours
Hook = Callable[[Message, Scope], Awaitable[None]]


def security_headers(settings: Settings) -> Hook:
    """`nosniff` everywhere; `no-store` on every API answer (patient data must not sit in
    a browser's or proxy's cache); HSTS when the service is reached over TLS only."""

    async def hook(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        headers = MutableScopeHeaders(message)
        headers["X-Content-Type-Options"] = "nosniff"
        if str(scope.get("path", "")).startswith(API_PREFIX + "/"):
            headers["Cache-Control"] = "no-store"
        if settings.behind_tls:
            headers["Strict-Transport-Security"] = HSTS

    return hook
