"""Who may read the operations detail: a bearer `CAREPACK_OPS_TOKEN` (the scraper's), kept
apart from users' JWTs so monitoring holds no key that reaches patient data."""

from __future__ import annotations

import hmac
from typing import Literal

from litestar.exceptions import NotAuthorizedException
from pydantic import BaseModel

from api.requests import AnyRequest

# /ready's answer without the ops token: its status code and one word, nothing an
# outsider could learn the deployment from (store positions, projection errors).
READY, UNAVAILABLE = "ready", "unavailable"


class ReadyBrief(BaseModel):
    status: Literal["ready", "unavailable"]


def ops_authorised(request: AnyRequest) -> bool:
    """Whether the request carries the configured ops token (never, when none is set)."""
    expected: str | None = request.app.state.settings.ops_token
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if expected is None or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode(), expected.encode())


def require_ops_token(request: AnyRequest) -> None:
    if not ops_authorised(request):
        raise NotAuthorizedException("invalid token: this needs the bearer CAREPACK_OPS_TOKEN")
