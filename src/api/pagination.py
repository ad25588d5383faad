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
MAX_BIGINT = 2**63 - 1


def encode_cursor(state: dict[str, Any]) -> str:
    raw = json.dumps(state, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def malformed_cursor(detail: str = "the cursor is not one this API made") -> ApiProblem:
    """The one answer to a cursor we did not make (or one tampered with): 422, as for any
    query parameter the API cannot use."""
    return ApiProblem(422, "malformed_cursor", detail)


def decode_cursor(cursor: str | None) -> dict[str, Any]:
    """The state a cursor carries; a cursor we did not make is a 422."""
    if not cursor:
        return {}
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        state = json.loads(raw)
    except (binascii.Error, ValueError) as error:
        raise malformed_cursor() from error
    if not isinstance(state, dict):
        raise malformed_cursor()
    return state


def position_in(state: dict[str, Any], key: str) -> int:
    """A store position or offset a cursor carries: an integer from 0 to BIGINT's top."""
    found = state.get(key, 0)
    if isinstance(found, bool) or not isinstance(found, int) or not 0 <= found <= MAX_BIGINT:
        raise malformed_cursor()
    return found


def check_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise ApiProblem(422, "validation_error", f"limit must be between 1 and {MAX_LIMIT}")
    return limit


def page_of(items: Sequence[dict[str, Any]], cursor: str | None, limit: int) -> dict[str, Any]:
    """Page an in-memory, stably ordered list by offset."""
    offset = position_in(decode_cursor(cursor), "offset")
    chunk = list(items[offset : offset + check_limit(limit)])
    more = offset + len(chunk) < len(items)
    return {
        "items": chunk,
        "next_cursor": encode_cursor({"offset": offset + len(chunk)}) if more else None,
    }
