"""Steps of the rule-conflict tests: a broken rule's problem answer, and a probe of the store."""

from __future__ import annotations

from typing import Any

from tests.api.dsl import PACKAGE, Api, is_problem


def fails(api: Api, method: str, path: str, who: str, body: Any, status: int, code: str) -> Any:
    return is_problem(api.call(method, path, who, body, expect=0), status, code)


def step(api: Api) -> int:
    """How far one draft moves the store: a probe to compare before and after failures."""
    return int(api.call("POST", "/packages", "nurse", PACKAGE, 201).headers["x-event-position"])
