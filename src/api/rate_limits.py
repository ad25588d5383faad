"""Rate limits per client address and per token subject: Litestar's `RateLimitMiddleware`,
once keyed by address and once by subject, answering 429 problems with `Retry-After`.

Counts live in each process's memory (`CountStore`), per fixed minute: with N workers a
caller may make N times the limit. The address is the one uvicorn reports,
so behind a proxy set `FORWARDED_ALLOW_IPS` to it (uvicorn then reads X-Forwarded-For).
"""

from __future__ import annotations

import time
from typing import Any, cast

from litestar import Request
from litestar.exceptions import NotAuthorizedException, TooManyRequestsException
from litestar.middleware.base import DefineMiddleware
from litestar.middleware.rate_limit import (
    DURATION_VALUES,
    CacheObject,
    RateLimitConfig,
    RateLimitMiddleware,
    get_remote_address,
)
from litestar.stores.base import Store
from litestar.stores.memory import MemoryStore
from litestar.types import Receive, Scope, Send

from api.auth import principal_of
from api.count_store import CountStore
from api.problems import problem
from application.settings import Settings

# Liveness must answer however busy the caller: orchestrators restart what does not.
NEVER_LIMITED = [r"^/health$"]
_SWEEP_EVERY = 10_000  # requests between purges of expired counts (the store keeps them)


class _Count:
    """Stands in for the list of timestamps Litestar keeps per caller and window, of which
    it only ever takes the length. Decoding and encoding that list on every request grows
    with the window: two stock limiters cost 1.4 ms of CPU a request at 6,500 requests in
    the minute, these a flat ~0.1-0.15 ms (micro-benchmark on the 2-core machine)."""

    def __init__(self, count: int) -> None:
        self.count = count

    def __len__(self) -> int:
        return self.count


def _history(count: int) -> list[int]:
    return cast(list[int], _Count(count))


class Limiter(RateLimitMiddleware):
    """Litestar's limiter, counting in `count:reset` bytes rather than a list of times, and
    answering its 429 itself inside the outer middleware (so the answer carries the
    correlation id and is counted with its real status)."""

    _calls = 0

    async def retrieve_cached_history(self, key: str, store: Store) -> CacheObject:
        now = int(time.time())
        found = await store.get(key)
        if found:
            count, reset = (int(part) for part in found.split(b":"))
            if reset > now:
                return CacheObject(history=_history(count), reset=reset)
        return CacheObject(history=_history(0), reset=now + DURATION_VALUES[self.unit])

    async def set_cached_history(self, key: str, cache_object: CacheObject, store: Store) -> None:
        count = len(cache_object.history) + 1
        cache_object.history = _history(count)
        left = max(1, cache_object.reset - int(time.time()))
        await store.set(key, f"{count}:{cache_object.reset}".encode(), expires_in=left)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self._calls += 1
        if self._calls % _SWEEP_EVERY == 0:
            store = self.config.get_store_from_app(scope["litestar_app"])
            if isinstance(store, CountStore | MemoryStore):  # else every address ever seen
                await store.delete_expired()  # stays in memory
        try:
            await super().__call__(scope, receive, send)
        except TooManyRequestsException as error:
            headers = dict(error.headers or {})
            headers["Retry-After"] = str(max(1, int(headers.get("RateLimit-Reset", "60"))))
            detail = "too many requests: retry after the number of seconds in Retry-After"
            answer = problem(429, "rate_limited", detail, headers=headers)
            request: Request[Any, Any, Any] = Request(scope)
            await answer.to_asgi_response(app=None, request=request)(scope, receive, send)


class QuietLimiter(Limiter):
    """The address limiter: its RateLimit-* headers go on its own 429s only, so a client's
    other answers carry one set, the subject limiter's."""

    def create_send_wrapper(self, send: Send, cache_object: Any) -> Send:
        return send


def _subject(request: Request[Any, Any, Any]) -> str:
    return principal_of(request).sub


async def _has_subject(request: Request[Any, Any, Any]) -> bool:
    """Only callers with a valid token count per subject; the others count per address.
    Async on purpose: Litestar runs a sync one in a worker thread, on every request."""
    try:
        principal_of(request)
    except NotAuthorizedException:
        return False
    return True


def rate_limit_stores() -> dict[str, Store]:
    """The app's stores for the counts (`Litestar(stores=...)`)."""
    return {"rate_limit_ip": CountStore(), "rate_limit_subject": CountStore()}


def rate_limits(settings: Settings) -> list[DefineMiddleware]:
    """The limiters `settings` ask for, address first (it needs no token decoded)."""
    found: list[DefineMiddleware] = []
    if settings.rate_limit_per_ip:
        found.append(RateLimitConfig(
            rate_limit=("minute", settings.rate_limit_per_ip), exclude=NEVER_LIMITED,
            identifier_for_request=get_remote_address, store="rate_limit_ip",
            middleware_class=QuietLimiter,
        ).middleware)  # fmt: skip
    if settings.rate_limit_per_subject:
        found.append(RateLimitConfig(
            rate_limit=("minute", settings.rate_limit_per_subject), exclude=NEVER_LIMITED,
            identifier_for_request=_subject, check_throttle_handler=_has_subject,
            store="rate_limit_subject", middleware_class=Limiter,
        ).middleware)  # fmt: skip
    return found
