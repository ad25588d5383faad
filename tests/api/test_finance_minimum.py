"""Finance gets money fields only (minimum necessary): no disease codes, intake, names or
free text in its answers, while staff keep the whole record."""

from __future__ import annotations

import json
from typing import Any

from tests.api.dsl import Api

CLINICAL = ("E11", "diabetes", "Diabetes", "intake", "height_cm", "diagnosed_on", "grandson")
TERMS = {"code", "price", "validity_days", "refund_policy", "items"}
ITEM = {"code", "kind", "quantity", "weight", "redemption"}
REFUND = {
    "refund_id", "subscription_id", "patient_id", "status", "scope", "channel", "reason_code",
    "requested_by", "requested_amount", "quote", "agreed_amount", "agreed_by",
    "approved_amount", "approved_by", "paid_amount", "provider_ref", "approval_by",
    "package_code", "amount_paid", "refundable", "history", "breakdown",
}  # fmt: skip
NOTE = "phoned her daughter: the tumour board moved her to palliative care"
REASON_TEXT = "moved"  # what `api.refund` sends
REJECTION = "clinically still indicated per oncology"


def refunded(api: Api) -> tuple[str, str, str]:
    """(subscription, a paid refund agreed with a note, a rejected refund)."""
    patient_id, subscription_id = api.active()
    asked = api.refund(subscription_id, patient_id, {"type": "items", "items": {"escort": 1}})
    paid = asked["refund_id"]
    api.post(f"/refunds/{paid}/agree", "staff", {"amount": asked["quote"], "note": NOTE})
    api.post(f"/refunds/{paid}/approve", "lead")
    api.post(f"/refunds/{paid}/payments", "mall", {"provider_ref": "PAY-1", "status": "paid"})
    again = api.refund(subscription_id, patient_id, {"type": "items", "items": {"escort": 1}})
    rejected = again["refund_id"]
    api.post(f"/refunds/{rejected}/reject", "lead", {"reason": REJECTION})
    return subscription_id, paid, rejected


def free_of_clinical_text(body: Any) -> None:
    text = json.dumps(body, ensure_ascii=False)
    for word in (*CLINICAL, NOTE, REJECTION):
        assert word not in text, word


def test_given_a_subscription_when_finance_reads_it_then_money_and_status_only(api: Api) -> None:
    patient_id, subscription_id = api.active()

    money = api.get(f"/subscriptions/{subscription_id}", "finance")
    whole = api.get(f"/subscriptions/{subscription_id}", "staff")

    free_of_clinical_text(money)
    assert set(money["terms"]) == TERMS
    assert all(set(item) == ITEM for item in money["terms"]["items"])
    assert "buyer" not in money
    assert (money["status"], money["amount_paid"]) == ("active", whole["amount_paid"])
    assert (money["refundable"], money["patient_id"]) == (whole["refundable"], patient_id)
    assert money["entitlements"] == whole["entitlements"]
    # Staff (and the API.md contract) keep the full terms.
    assert whole["terms"]["disease_codes"] == ["E11"] and whole["terms"]["intake_form"]


def test_given_refunds_when_finance_reads_them_then_no_reason_text_or_notes(api: Api) -> None:
    subscription_id, paid, rejected = refunded(api)
    at = api.client.app.state.carepack.recorder.max_notification_id()

    one = api.get(f"/refunds/{paid}", "finance")
    listed = api.get(f"/finance/refunds?after={at}", "finance")["items"]
    exported = api.call("GET", "/finance/refunds?format=csv", "finance").text

    assert set(one) <= REFUND and one["paid_amount"] == one["agreed_amount"]
    free_of_clinical_text(one)
    assert REASON_TEXT not in {step.get("note") for step in one["history"]}
    assert [step["step"] for step in one["history"]] == [
        "requested",
        "quoted",
        "agreed",
        "approved",
        "paid",
    ]
    assert all("name" not in line for line in one["breakdown"]["lines"])
    for row in listed:
        assert not {"reason_text", "agreed_note", "rejection_reason"} & set(row), row
    free_of_clinical_text(listed)
    assert NOTE not in exported and REJECTION not in exported
    statuses = {row["refund_id"]: row["status"] for row in listed}
    assert statuses == {paid: "paid", rejected: "rejected"}
    assert {row["subscription_id"] for row in listed} == {subscription_id}
