"""Subscriptions, redemptions and refunds over HTTP: the money side of the story."""

from __future__ import annotations

from tests.api.dsl import INTAKE, Api, is_problem


def test_given_a_purchase_when_read_then_terms_status_and_entitlements(sapi: Api) -> None:
    patient_id = sapi.patient()
    package_id = sapi.publish_package()
    subscription_id = sapi.buy(package_id, patient_id, who=f"proxy:{patient_id}")
    sub = sapi.get(f"/subscriptions/{subscription_id}", "finance")
    assert sub["package_id"] == package_id and sub["patient_id"] == patient_id
    assert sub["status"] == "awaiting_consultation" and sub["starts_on"] is None
    assert sub["terms"]["code"] == "DM-ANNUAL" and len(sub["entitlements"]) == 4
    lines = sapi.get(f"/subscriptions/{subscription_id}/entitlements", f"patient:{patient_id}")
    assert {line["code"]: line["remaining"] for line in lines["items"]}["follow_up"] == 12


def test_given_purchase_rules_when_broken_then_problems(sapi: Api) -> None:
    patient_id = sapi.patient()
    package_id = sapi.publish_package()
    body = {
        "package_id": package_id,
        "patient_id": patient_id,
        "payer_type": "family",
        "buyer": {"user_id": "grandson", "relation": "child"},
        "amount_paid": {"amount": "1.00", "currency": "CNY"},
        "payment_ref": "P-1",
    }
    is_problem(sapi.call("POST", "/subscriptions", "mall", body, expect=0), 422, "amount_mismatch")
    body["amount_paid"] = {"amount": "1999.00", "currency": "CNY"}
    sapi.post("/subscriptions", "mall", body, 201)
    is_problem(
        sapi.call("POST", "/subscriptions", "mall", body, expect=0), 409, "payment_ref_reused"
    )
    draft = sapi.add_package()
    body.update(package_id=draft, payment_ref="P-2")
    is_problem(
        sapi.call("POST", "/subscriptions", "mall", body, expect=0), 409, "package_not_published"
    )
    body["amount_paid"] = {"amount": 19.99, "currency": "CNY"}
    is_problem(sapi.call("POST", "/subscriptions", "mall", body, expect=0), 422, "validation_error")


def test_given_an_unsuitable_consultation_then_the_subscription_is_refunded(sapi: Api) -> None:
    patient_id = sapi.patient()
    subscription_id = sapi.buy(sapi.publish_package(), patient_id)
    answer = sapi.post(
        f"/subscriptions/{subscription_id}/consultation",
        "doctor",
        {"suitable": False, "notes": "not suitable"},
    )
    assert answer["refund_id"]
    refund = sapi.get(f"/refunds/{answer['refund_id']}", "finance")
    assert refund["status"] == "approved"


def test_given_bad_intake_then_422_with_fields(sapi: Api) -> None:
    patient_id = sapi.patient()
    subscription_id = sapi.buy(sapi.publish_package(consultation_required=False), patient_id)
    response = sapi.call(
        "POST",
        f"/subscriptions/{subscription_id}/intake",
        f"patient:{patient_id}",
        {"answers": {"height_cm": "tall"}},
        expect=0,
    )
    assert "height_cm" in str(is_problem(response, 422, "intake_invalid")["fields"])
    ok = sapi.post(
        f"/subscriptions/{subscription_id}/intake", f"patient:{patient_id}", {"answers": INTAKE}
    )
    assert ok["status"] == "active"


def test_given_a_claimed_unit_when_disputed_then_the_lead_settles_it(sapi: Api) -> None:
    patient_id, subscription_id = sapi.active()
    first = sapi.claim(subscription_id)
    disputed = sapi.post(
        f"/redemptions/{first}/dispute", f"proxy:{patient_id}", {"reason": "never came"}
    )
    assert disputed["status"] == "disputed"
    assert sapi.post(f"/redemptions/{first}/reverse", "lead", {"reason": "ok"})["status"] == (
        "reversed"
    )
    second = sapi.claim(subscription_id)
    sapi.post(f"/redemptions/{second}/dispute", f"patient:{patient_id}", {"reason": "?"})
    upheld = sapi.post(f"/redemptions/{second}/uphold", "lead", {"reason": "signed sheet"})
    assert upheld["status"] == "upheld"
    is_problem(
        sapi.call("POST", f"/redemptions/{second}/confirm", f"patient:{patient_id}", expect=0),
        409,
        "invalid_redemption_state",
    )
    sapi.claim(subscription_id)
    is_problem(
        sapi.call(
            "POST",
            f"/subscriptions/{subscription_id}/redemptions",
            "staff",
            {"item_code": "escort"},
            expect=0,
        ),
        409,
        "entitlement_exhausted",
    )


def test_given_a_receipt_without_a_matching_subscription_then_409(sapi: Api) -> None:
    patient_id = sapi.patient()
    receipt = {
        "source": "edu",
        "ref": "E-9",
        "patient_id": patient_id,
        "item_kind": "education",
        "occurred_at": "2026-03-03T10:00:00+08:00",
    }
    is_problem(
        sapi.call("POST", "/receipts", "staff", receipt, expect=0), 409, "no_matching_entitlement"
    )


def test_given_a_refund_when_agreed_and_approved_by_finance_then_paid(sapi: Api) -> None:
    patient_id, subscription_id = sapi.active()
    sapi.post(
        "/receipts",
        "edu",
        {
            "source": "edu",
            "ref": "E-1",
            "patient_id": patient_id,
            "item_kind": "education",
            "occurred_at": "2026-03-02T10:00:00+08:00",
        },
        201,
    )
    asked = sapi.refund(subscription_id, patient_id, {"type": "remaining"})
    assert asked["quote"]["amount"] != "1999.00"
    assert asked["quote_detail"]["basis"] and asked["scope"] == {"type": "remaining"}
    refund_id = asked["refund_id"]
    is_problem(
        sapi.call(
            "POST",
            f"/subscriptions/{subscription_id}/refunds",
            f"patient:{patient_id}",
            {"scope": {"type": "goodwill"}, "reason_code": "other"},
            expect=0,
        ),
        409,
        "refund_already_open",
    )
    above = {"amount": {"amount": "1999.00", "currency": "CNY"}, "note": "called"}
    agreed = sapi.post(f"/refunds/{refund_id}/agree", "staff", above)
    assert agreed["agreed_amount"] == {"amount": "1999.00", "currency": "CNY"}
    is_problem(
        sapi.call("POST", f"/refunds/{refund_id}/approve", "lead", expect=0),
        409,
        "approval_requires_finance",
    )
    approved = sapi.post(f"/refunds/{refund_id}/approve", "finance")
    assert approved["status"] == "approved" and approved["approved_amount"]["amount"] == "1999.00"
    failed = sapi.post(
        f"/refunds/{refund_id}/payments",
        "finance",
        {"provider_ref": "PAY-9", "status": "failed", "reason": "bank"},
    )
    assert failed["status"] == "payment_failed"
    paid = sapi.post(
        f"/refunds/{refund_id}/payments", "mall", {"provider_ref": "PAY-9", "status": "paid"}
    )
    assert paid["status"] == "paid"
    assert sapi.get(f"/subscriptions/{subscription_id}", "staff")["status"] == "refunded"


def test_given_a_refund_when_withdrawn_or_rejected_then_it_ends(sapi: Api) -> None:
    patient_id, subscription_id = sapi.active()
    asked = sapi.refund(subscription_id, patient_id, {"type": "items", "items": {"escort": 1}})
    is_problem(
        sapi.call("POST", f"/refunds/{asked['refund_id']}/withdraw", "staff", expect=0),
        403,
        "not_refund_requester",
    )
    withdrawn = sapi.post(f"/refunds/{asked['refund_id']}/withdraw", f"patient:{patient_id}")
    assert withdrawn["status"] == "withdrawn"
    again = sapi.refund(subscription_id, patient_id, {"type": "items", "items": {"escort": 1}})
    rejected = sapi.post(f"/refunds/{again['refund_id']}/reject", "lead", {"reason": "used"})
    assert rejected["status"] == "rejected"
    assert sapi.get(f"/refunds/{again['refund_id']}", f"patient:{patient_id}")["status"] == (
        "rejected"
    )


def test_given_a_free_subscription_not_started_when_cancelled_then_it_leaves_the_worklists(
    api: Api,
) -> None:
    patient_id = api.patient()
    free = api.publish_package(price={"amount": "0.00", "currency": "CNY"})
    subscription_id = api.buy(free, patient_id, amount_paid={"amount": "0.00", "currency": "CNY"})
    paid = api.buy(api.publish_package(), patient_id)

    answer = api.call(
        "POST",
        f"/subscriptions/{subscription_id}/cancel",
        f"patient:{patient_id}",
        {"reason_code": "duplicate_purchase"},
        200,
    )
    position = answer.headers["X-Event-Position"]
    refused = api.call(
        "POST", f"/subscriptions/{paid}/cancel", "staff", {"reason_code": "other"}, 409
    )

    assert answer.json()["status"] == "cancelled"
    assert refused.json()["code"] == "cancellation_needs_refund"
    assert api.get(f"/subscriptions/{subscription_id}", "nurse")["status"] == "cancelled"
    pending = api.get(f"/dashboard/worklists/pending_consultations?after={position}", "nurse")
    assert [row["subscription_id"] for row in pending["items"]] == [paid]
    timeline = api.get(f"/patients/{patient_id}/timeline?after={position}&limit=200", "nurse")
    assert "Subscription cancelled (duplicate_purchase)" in [
        e["summary"] for e in timeline["items"]
    ]
