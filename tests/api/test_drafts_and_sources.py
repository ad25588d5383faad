"""Only drafters (or a service lead) revise drafts; an integration acts for its own source."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from api.auth import mint_token
from tests.api.dsl import DEPT, PACKAGE, Api, is_problem


def head(api: Api) -> int:
    return int(api.client.app.state.carepack.recorder.max_notification_id() or 0)


def as_token(api: Api, token: str, method: str, path: str, body: Any) -> Any:
    headers = {"Authorization": f"Bearer {token}"}
    return api.client.request(method, f"/api/v1{path}", json=body, headers=headers)


def receipt(patient_id: str, source: str) -> dict[str, Any]:
    return {"source": source, "ref": f"R-{uuid4()}", "patient_id": patient_id,
            "item_kind": "education", "occurred_at": "2026-03-03T10:00:00+08:00"}  # fmt: skip


def test_given_a_draft_when_another_drafter_revises_it_then_403_and_it_is_unchanged(
    api: Api,
) -> None:
    draft = api.add_package()  # drafted by nurse-li
    other_nurse = mint_token(api.settings, "nurse-wu", ["nurse"], [DEPT])
    before = head(api)

    for who in ("doctor", "staff"):
        refused = api.call("PUT", f"/packages/{draft}", who, {**PACKAGE, "name": "Hijacked"}, 0)
        is_problem(refused, 403, "not_package_drafter")
    refused = as_token(api, other_nurse, "PUT", f"/packages/{draft}", PACKAGE)
    is_problem(refused, 403, "not_package_drafter")
    assert head(api) == before
    assert api.get(f"/packages/{draft}", "nurse")["name"] == PACKAGE["name"]

    by_drafter = api.call("PUT", f"/packages/{draft}", "nurse", {**PACKAGE, "name": "v2"})
    by_lead = api.call("PUT", f"/packages/{draft}", "lead", {**PACKAGE, "name": "v3"})
    assert (by_drafter.json()["name"], by_lead.json()["name"]) == ("v2", "v3")


def test_given_an_integration_when_it_sends_receipts_then_only_for_its_own_source(
    api: Api,
) -> None:
    patient_id, _ = api.active()
    no_source = mint_token(api.settings, "legacy", ["integration"])
    before = head(api)

    for token, body in (
        (api.token("edu"), receipt(patient_id, "device")),
        (api.token("mall"), receipt(patient_id, "edu")),
        (no_source, receipt(patient_id, "edu")),
    ):
        is_problem(as_token(api, token, "POST", "/receipts", body), 403, "source_mismatch")
    assert head(api) == before
    api.post("/receipts", "edu", receipt(patient_id, "edu"), 201)
    api.post("/receipts", "staff", receipt(patient_id, "device"), 201)  # staff: any source

    denied = api.get("/audit/access-log?actor=edu-platform", "auditor")["items"]
    assert [e["outcome"] for e in denied] == ["denied"]


def test_given_an_integration_when_it_records_money_then_only_a_payment_source_may(
    api: Api,
) -> None:
    patient_id, subscription_id = api.active()
    asked = api.refund(subscription_id, patient_id, {"type": "items", "items": {"escort": 1}})
    refund_id = asked["refund_id"]
    api.post(f"/refunds/{refund_id}/approve", "lead")
    purchase = {
        "package_id": api.publish_package(), "patient_id": patient_id,
        "buyer": {"user_id": "grandson", "relation": "child"}, "payer_type": "family",
        "amount_paid": {"amount": "1999.00", "currency": "CNY"}, "payment_ref": "MALL-X1",
    }  # fmt: skip
    payout = {"provider_ref": "PAY-1", "status": "paid"}
    before = head(api)

    for path, body in (("/subscriptions", purchase), (f"/refunds/{refund_id}/payments", payout)):
        refused = api.call("POST", path, "edu", body, expect=0)
        assert "payment sources" in is_problem(refused, 403, "source_mismatch")["detail"]
    assert head(api) == before
    api.post("/subscriptions", "mall", purchase, 201)
    assert api.post(f"/refunds/{refund_id}/payments", "mall", payout)["status"] == "paid"


def test_given_a_receipt_of_one_patient_when_sent_again_for_another_then_409_not_their_data(
    api: Api,
) -> None:
    first, first_sub = api.active()
    other, _ = api.active()
    body = receipt(first, "edu")
    api.post("/receipts", "edu", body, 201)
    before = head(api)

    reused = api.call("POST", "/receipts", "edu", {**body, "patient_id": other}, expect=0)

    is_problem(reused, 409, "receipt_ref_reused")
    assert first_sub not in reused.text and head(api) == before
    assert api.post("/receipts", "edu", body, 200)["subscription_id"] == first_sub
