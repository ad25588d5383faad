"""Cursor pagination: `limit` ≤ 200, an opaque `cursor`, answers `{items, next_cursor}`."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from typing import Any

from api.problems import ApiProblem

MAX_LIMIT = 200
DEFAULT_LIMIT = 50


def encode_cursor(state: dict[str, Any]) -> str:
    raw = json.dumps(state, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> dict[str, Any]:
    """The state a cursor carries; a cursor we did not make is a 400."""
    if not cursor:
        return {}
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        state = json.loads(raw)
    except (binascii.Error, ValueError) as error:
        raise ApiProblem(400, "malformed_cursor", "the cursor is not one this API made") from error
    if not isinstance(state, dict):
        raise ApiProblem(400, "malformed_cursor", "the cursor is not one this API made")
    return state


def check_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise ApiProblem(422, "validation_error", f"limit must be between 1 and {MAX_LIMIT}")
    return limit


def page_of(items: Sequence[dict[str, Any]], cursor: str | None, limit: int) -> dict[str, Any]:
    """Page an in-memory, stably ordered list by offset."""
    offset = int(decode_cursor(cursor).get("offset", 0))
    chunk = list(items[offset : offset + check_limit(limit)])
    more = offset + len(chunk) < len(items)
    return {
        "items": chunk,
        "next_cursor": encode_cursor({"offset": offset + len(chunk)}) if more else None,
    }
