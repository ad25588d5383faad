"""Waiting for the API's read models: /ready until every projection has caught up."""

from __future__ import annotations

import time
from typing import Any

from litestar.testing import TestClient

from tests.fixtures import OPS


def ready_within(client: TestClient[Any], seconds: float = 10.0) -> dict[str, Any]:
    """/ready once every projection has caught up with the store."""
    deadline = time.monotonic() + seconds
    while True:
        response = client.get("/ready", headers=OPS)
        caught_up = all(p["lag"] == 0 for p in response.json()["projections"])
        if (response.status_code == 200 and caught_up) or time.monotonic() > deadline:
            assert response.status_code == 200, response.text
            found: dict[str, Any] = response.json()
            return found
        time.sleep(0.1)
