"""A Litestar store for the rate limits' counts: a plain dict, without `MemoryStore`'s lock."""

from __future__ import annotations

import time
from datetime import timedelta

from litestar.stores.base import Store


class CountStore(Store):
    """A process's counts in a plain dict. Litestar's `MemoryStore` takes an anyio lock
    (an event-loop round trip) on every get and set; nothing here awaits, so one event
    loop needs none. Expired counts are dropped by `delete_expired` (see `Limiter`)."""

    def __init__(self) -> None:
        self._items: dict[str, tuple[bytes, float | None]] = {}

    async def set(
        self, key: str, value: str | bytes, expires_in: int | timedelta | None = None
    ) -> None:
        seconds = expires_in.total_seconds() if isinstance(expires_in, timedelta) else expires_in
        data = value.encode() if isinstance(value, str) else value
        self._items[key] = (data, None if seconds is None else time.monotonic() + seconds)

    async def get(self, key: str, renew_for: int | timedelta | None = None) -> bytes | None:
        found = self._items.get(key)
        if found is None or (found[1] is not None and found[1] <= time.monotonic()):
            return None
        return found[0]

    async def delete(self, key: str) -> None:
        self._items.pop(key, None)

    async def delete_all(self) -> None:
        self._items.clear()

    async def exists(self, key: str) -> bool:
        return await self.get(key) is not None

    async def expires_in(self, key: str) -> int | None:
        found = self._items.get(key)
        return None if found is None or found[1] is None else int(found[1] - time.monotonic())

    async def delete_expired(self) -> None:
        now = time.monotonic()
        self._items = {k: v for k, v in self._items.items() if v[1] is None or v[1] > now}

    def __contains__(self, key: str) -> bool:
        """Whether a count is held, expired or not (for tests of the sweep)."""
        return key in self._items
