"""Reading one's own writes in API tests: a command's position, and a read `after=` it."""

from __future__ import annotations

from typing import Any

from tests.api.dsl import Api

POSITION = "X-Projection-Position"


def event_position(api: Api, method: str, path: str, who: str, body: Any, expect: int) -> int:
    response = api.call(method, path, who, body, expect)
    return int(response.headers["X-Event-Position"])


def read(api: Api, path: str, who: str, after: int) -> tuple[Any, int]:
    """GET with `after=`; the body and the position the read model answered at."""
    sep = "&" if "?" in path else "?"
    response = api.call("GET", f"{path}{sep}after={after}", who)
    assert "X-Projection-Stale" not in response.headers
    return response.json(), int(response.headers[POSITION])
