"""End to end: `carepack serve` as a real process on a fresh PostgreSQL database, over HTTP.

The seeds' story (a grandson buys his grandmother's package, redeems, gets a refund)
is driven with httpx; the dashboard, the audit chain and finance then read it back
through `after=<position>`.
"""

from __future__ import annotations

from typing import Any, cast

import httpx
import pytest

from application.settings import Settings
from tests.api.dsl import DEPT, SECRET, Api
from tests.e2e.serving import position, read_after
from tests.fixtures import OPS

pytestmark = pytest.mark.postgres


def test_given_a_served_postgres_store_when_the_story_runs_over_http_then_reads_follow(
    server: tuple[str, str],
) -> None:
    base, url = server
    with httpx.Client(base_url=base, timeout=10) as client:
        api = Api(cast(Any, client), Settings(database_url=url, jwt_secret=SECRET))
        patient_id, subscription_id = api.active()
        redemption_id = api.claim(subscription_id)
        api.post(f"/redemptions/{redemption_id}/confirm", f"proxy:{patient_id}")
        asked = api.refund(subscription_id, patient_id, {"type": "items", "items": {"escort": 1}})
        refund_id = asked["refund_id"]
        api.post(f"/refunds/{refund_id}/approve", "lead")
        paid = api.call("POST", f"/refunds/{refund_id}/payments", "mall",
                        {"provider_ref": "PAY-E2E", "status": "paid"})  # fmt: skip
        at = position(paid)

        summary = read_after(api, f"/dashboard/summary?department={DEPT}", "nurse", at)
        (department,) = summary["departments"]
        assert department["vip_patients"] == 1
        timeline = read_after(api, f"/patients/{patient_id}/timeline", "nurse", at)
        assert len(timeline["items"]) >= 5
        verified = read_after(api, "/audit/verify", "auditor", at)
        assert verified["ok"] and verified["head"]["position"] >= at
        refunds = read_after(api, "/finance/refunds?status=paid", "finance", at)
        assert [r["refund_id"] for r in refunds["items"]] == [refund_id]
        balance = read_after(api, f"/finance/subscriptions/{subscription_id}/balance",
                             "finance", at)  # fmt: skip
        assert balance["refunded"] == asked["quote"]
        assert client.get("/ready", headers=OPS).json()["ready"] is True
        assert "carepack_projection_position" in client.get("/metrics", headers=OPS).text
