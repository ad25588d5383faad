"""Rule conflicts, refunds and settlements: one open at a time, bounds, approval, payments."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from api.auth import mint_token
from tests.api.dsl import DEPT, Api, is_problem
from tests.api.rule_steps import fails, step


def cny(amount: str) -> dict[str, str]:
    return {"amount": amount, "currency": "CNY"}


def ask(scope: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"scope": scope, "reason_code": "no_longer_needed", "reason_text": "moved", **more}


def as_lead(api: Api, sub: str) -> str:
    """A persona that is service lead under the same user id as a party to the refund."""
    api.tokens[f"lead-as-{sub}"] = mint_token(api.settings, sub, ["service_lead"], [DEPT])
    return f"lead-as-{sub}"


def test_given_refund_requests_the_rules_refuse_then_problems_and_none_opens(api: Api) -> None:
    patient_id, sub = api.active()
    me, path = f"patient:{patient_id}", f"/subscriptions/{sub}/refunds"
    before, after = step(api), step(api)
    too_many = ask({"type": "items", "items": {"escort": 3}})
    fails(api, "POST", path, me, too_many, 409, "refund_exceeds_entitlements")
    too_much = ask({"type": "goodwill"}, requested_amount=cny("5000.00"))
    fails(api, "POST", path, me, too_much, 409, "refund_exceeds_balance")
    head = step(api)
    assert head - after == after - before
    balance = api.get(f"/finance/subscriptions/{sub}/balance?after={head}", "finance")
    assert balance["refunded"] == cny("0.00")
    api.refund(sub, patient_id, {"type": "remaining"})
    again = ask({"type": "goodwill"})
    fails(api, "POST", path, "staff", again, 409, "refund_already_open")


def test_given_a_party_to_the_refund_then_never_its_approver(sapi: Api) -> None:
    patient_id, sub = sapi.active()
    body = ask({"type": "items", "items": {"escort": 1}})
    asked = sapi.post(f"/subscriptions/{sub}/refunds", "staff", body, 201)
    rid = asked["refund_id"]
    fails(
        sapi,
        "POST",
        f"/refunds/{rid}/approve",
        as_lead(sapi, "staff-zhao"),
        None,
        409,
        "approver_not_independent",
    )
    sapi.post(f"/refunds/{rid}/withdraw", "staff")
    other = sapi.refund(sub, patient_id, {"type": "items", "items": {"escort": 1}})["refund_id"]
    sapi.post(f"/refunds/{other}/agree", "staff", {"amount": cny("1.00"), "note": "ok"})
    fails(
        sapi,
        "POST",
        f"/refunds/{other}/approve",
        as_lead(sapi, "staff-zhao"),
        None,
        409,
        "approver_not_independent",
    )
    assert sapi.get(f"/refunds/{other}", "finance")["status"] == "agreed"
    assert sapi.post(f"/refunds/{other}/approve", "lead")["status"] == "approved"


def test_given_goodwill_or_above_quote_then_only_finance_approves_an_agreed_amount(
    sapi: Api,
) -> None:
    patient_id, sub = sapi.active()
    rid = sapi.refund(sub, patient_id, {"type": "goodwill"})["refund_id"]
    fails(sapi, "POST", f"/refunds/{rid}/approve", "lead", None, 409, "approval_requires_finance")
    fails(sapi, "POST", f"/refunds/{rid}/approve", "finance", None, 409, "invalid_refund_state")
    above = {"amount": cny("5000.00"), "note": "x"}
    fails(sapi, "POST", f"/refunds/{rid}/agree", "staff", above, 409, "refund_exceeds_balance")
    refund = sapi.get(f"/refunds/{rid}", "finance")
    assert refund["agreed_amount"] is None and refund["approved_amount"] is None
    sapi.post(f"/refunds/{rid}/agree", "staff", {"amount": cny("100.00"), "note": "x"})
    fails(sapi, "POST", f"/refunds/{rid}/approve", "lead", None, 409, "approval_requires_finance")
    assert sapi.post(f"/refunds/{rid}/approve", "finance")["status"] == "approved"


def test_given_refunds_in_the_wrong_state_then_invalid_refund_state(api: Api) -> None:
    patient_id, sub = api.active()
    me = f"patient:{patient_id}"
    rid = api.refund(sub, patient_id, {"type": "items", "items": {"escort": 1}})["refund_id"]
    paid = {"provider_ref": "PAY-1", "status": "paid", "amount": cny("1.00")}
    fails(api, "POST", f"/refunds/{rid}/payments", "finance", paid, 409, "invalid_refund_state")
    failed = {"provider_ref": "PAY-1", "status": "failed", "reason": "bank"}
    fails(api, "POST", f"/refunds/{rid}/payments", "mall", failed, 409, "invalid_refund_state")
    fails(api, "POST", f"/refunds/{rid}/withdraw", "staff", None, 403, "not_refund_requester")
    api.post(f"/refunds/{rid}/withdraw", me)
    for verb, who, body in [
        ("agree", "staff", {"amount": cny("1.00"), "note": "x"}),
        ("approve", "lead", None),
        ("reject", "lead", {"reason": "x"}),
        ("withdraw", me, None),
    ]:
        fails(api, "POST", f"/refunds/{rid}/{verb}", who, body, 409, "invalid_refund_state")
    assert api.get(f"/refunds/{rid}", "finance")["status"] == "withdrawn"


def test_given_an_approved_refund_when_paid_the_wrong_amount_then_422(sapi: Api) -> None:
    patient_id, sub = sapi.active()
    rid = sapi.refund(sub, patient_id, {"type": "items", "items": {"escort": 1}})["refund_id"]
    approved = sapi.post(f"/refunds/{rid}/approve", "lead")["approved_amount"]
    wrong = {"provider_ref": "PAY-2", "status": "paid", "amount": cny("0.01")}
    fails(
        sapi, "POST", f"/refunds/{rid}/payments", "finance", wrong, 422, "payment_amount_mismatch"
    )
    blank = {"provider_ref": " ", "status": "paid", "amount": approved}
    fails(sapi, "POST", f"/refunds/{rid}/payments", "finance", blank, 422, "invalid_input")
    refund = sapi.get(f"/refunds/{rid}", "finance")
    assert refund["status"] == "approved" and refund["paid_amount"] is None
    right = {"provider_ref": "PAY-2", "status": "paid", "amount": approved}
    assert sapi.post(f"/refunds/{rid}/payments", "finance", right)["status"] == "paid"
    fails(sapi, "POST", f"/refunds/{rid}/payments", "finance", right, 409, "invalid_refund_state")
    fails(sapi, "POST", f"/refunds/{rid}/approve", "finance", None, 409, "invalid_refund_state")


def test_given_a_fully_refunded_subscription_then_no_more_refunds(sapi: Api) -> None:
    patient_id, sub = sapi.active()
    rid = sapi.refund(sub, patient_id, {"type": "remaining"})["refund_id"]
    sapi.post(f"/refunds/{rid}/approve", "lead")
    sapi.post(f"/refunds/{rid}/payments", "mall", {"provider_ref": "PAY-3", "status": "paid"})
    body = ask({"type": "goodwill"})
    fails(
        sapi,
        "POST",
        f"/subscriptions/{sub}/refunds",
        "staff",
        body,
        409,
        "invalid_subscription_state",
    )
    claim = {"item_code": "escort"}
    fails(sapi, "POST", f"/subscriptions/{sub}/redemptions", "staff", claim, 409, "ledger_closed")


def test_given_unknown_refunds_then_404_refund_not_found(sapi: Api) -> None:
    nobody = str(uuid4())
    fails(sapi, "POST", f"/refunds/{nobody}/approve", "lead", None, 404, "refund_not_found")
    fails(
        sapi,
        "POST",
        f"/refunds/{nobody}/agree",
        "staff",
        {"amount": cny("1.00"), "note": ""},
        404,
        "refund_not_found",
    )


def test_given_items_delivered_or_unknown_then_problems_and_no_refund(sapi: Api) -> None:
    patient_id, sub = sapi.active()
    band = {
        "source": "mall",
        "ref": "B-1",
        "patient_id": patient_id,
        "item_kind": "add_on_product",
        "occurred_at": "2026-03-03T10:00:00+08:00",
    }
    sapi.post("/receipts", "mall", band, 201)
    path = f"/subscriptions/{sub}/refunds"
    delivered = ask({"type": "items", "items": {"band": 1}})
    body = fails(sapi, "POST", path, "staff", delivered, 409, "refund_exceeds_entitlements")
    assert body["item"] == "band"
    unknown = ask({"type": "items", "items": {"massage": 1}})
    # The same code as the claim endpoint gives for the same mistake.
    fails(sapi, "POST", path, "staff", unknown, 422, "unknown_item")
    empty = ask({"type": "items", "items": {"escort": 0}})
    fails(sapi, "POST", path, "staff", empty, 422, "invalid_input")
    fails(
        sapi,
        "POST",
        path,
        "staff",
        ask({"type": "goodwill"}, reason_code="whim"),
        422,
        "validation_error",
    )
    assert sapi.post(path, "staff", ask({"type": "items", "items": {"escort": 1}}), 201)[
        "refund_id"
    ]


def test_given_a_settlement_file_the_rules_reject_then_the_line_is_named(sapi: Api) -> None:
    header = b"provider_ref,kind,amount,currency,settled_at\n"
    headers = {**sapi.headers("finance"), "content-type": "text/csv"}
    for body, line in [
        (b"garbage\n", 1),
        (header + b"X,teleport,1.00,CNY,2026-03-01T00:00:00+08:00\n", 2),
        (header + b"X,payment,abc,CNY,2026-03-01T00:00:00+08:00\n", 2),
    ]:
        response = sapi.client.post(
            "/api/v1/finance/reconciliations", content=body, headers=headers
        )
        assert is_problem(response, 422, "invalid_settlement_file")["line"] == line
