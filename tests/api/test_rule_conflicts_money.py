"""Rule conflicts, subscriptions and redemptions: purchase, activation, claims, receipts."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from tests.api.dsl import INTAKE, Api
from tests.api.rule_steps import fails, step


def purchase(package_id: str, patient_id: str, **changes: Any) -> dict[str, Any]:
    return {
        "package_id": package_id,
        "patient_id": patient_id,
        "buyer": {"user_id": "grandson", "relation": "child"},
        "payer_type": "family",
        "amount_paid": {"amount": "1999.00", "currency": "CNY"},
        "payment_ref": f"P-{uuid4()}",
        **changes,
    }


def receipt(patient_id: str, kind: str = "education", ref: str = "E-1") -> dict[str, Any]:
    return {
        "source": "edu",
        "ref": ref,
        "patient_id": patient_id,
        "item_kind": kind,
        "occurred_at": "2026-03-03T10:00:00+08:00",
    }


def test_given_purchases_the_rules_refuse_then_problems_and_no_subscription(api: Api) -> None:
    patient_id = api.patient()
    published = api.publish_package()
    draft = api.add_package()
    before, after = step(api), step(api)
    unpublished = purchase(draft, patient_id)
    fails(api, "POST", "/subscriptions", "mall", unpublished, 409, "package_not_published")
    unknown = purchase(str(uuid4()), patient_id)
    fails(api, "POST", "/subscriptions", "mall", unknown, 404, "not_found")
    cheap = purchase(published, patient_id, amount_paid={"amount": "1.00", "currency": "CNY"})
    fails(api, "POST", "/subscriptions", "mall", cheap, 422, "amount_mismatch")
    assert step(api) - after == after - before
    taken = purchase(published, patient_id)
    first = api.post("/subscriptions", "mall", taken, 201)["id"]
    fails(api, "POST", "/subscriptions", "mall", taken, 409, "payment_ref_reused")
    other = {**taken, "patient_id": api.patient()}
    fails(api, "POST", "/subscriptions", "staff", other, 409, "payment_ref_reused")
    assert api.get(f"/subscriptions/{first}", "staff")["patient_id"] == patient_id


def test_given_activation_out_of_order_then_invalid_subscription_state(sapi: Api) -> None:
    patient_id = sapi.patient()
    sub = sapi.buy(sapi.publish_package(), patient_id)
    path = f"/subscriptions/{sub}"
    intake = {"answers": INTAKE}
    fails(
        sapi,
        "POST",
        f"{path}/intake",
        f"patient:{patient_id}",
        intake,
        409,
        "invalid_subscription_state",
    )
    fails(
        sapi,
        "POST",
        f"{path}/redemptions",
        "staff",
        {"item_code": "escort"},
        409,
        "invalid_subscription_state",
    )
    assert sapi.get(path, "staff")["status"] == "awaiting_consultation"
    sapi.activate(sub, patient_id)
    etag = sapi.call("GET", path, "staff").headers["etag"]
    fails(
        sapi,
        "POST",
        f"{path}/consultation",
        "doctor",
        {"suitable": True},
        409,
        "invalid_subscription_state",
    )
    fails(
        sapi,
        "POST",
        f"{path}/intake",
        f"patient:{patient_id}",
        intake,
        409,
        "invalid_subscription_state",
    )
    assert sapi.call("GET", path, "staff").headers["etag"] == etag


def test_given_bad_intake_then_intake_invalid_names_every_field(sapi: Api) -> None:
    patient_id = sapi.patient()
    sub = sapi.buy(sapi.publish_package(consultation_required=False), patient_id)
    path = f"/subscriptions/{sub}"
    answers = {"diagnosed_on": "yesterday-ish", "diet": "keto", "insulin": "maybe"}
    body = fails(
        sapi,
        "POST",
        f"{path}/intake",
        f"proxy:{patient_id}",
        {"answers": answers},
        422,
        "intake_invalid",
    )
    named = str(body["fields"])
    assert all(name in named for name in ("height_cm", "diagnosed_on", "diet", "insulin"))
    assert sapi.get(path, "staff")["status"] != "active"


def test_given_claims_the_ledger_refuses_then_problems_and_remaining_holds(api: Api) -> None:
    _, sub = api.active()
    path = f"/subscriptions/{sub}"
    for code in ("follow_up", "education", "band"):
        fails(
            api,
            "POST",
            f"{path}/redemptions",
            "staff",
            {"item_code": code},
            409,
            "redemption_mode_mismatch",
        )
    fails(
        api, "POST", f"{path}/redemptions", "staff", {"item_code": "massage"}, 422, "unknown_item"
    )
    api.claim(sub)
    api.claim(sub)
    fails(
        api,
        "POST",
        f"{path}/redemptions",
        "staff",
        {"item_code": "escort"},
        409,
        "entitlement_exhausted",
    )
    lines = {line["code"]: line for line in api.get(f"{path}/entitlements", "staff")["items"]}
    assert lines["escort"]["claimed"] == 2 and lines["escort"]["remaining"] == 0
    assert lines["follow_up"]["remaining"] == 12 and lines["band"]["remaining"] == 1


def test_given_receipts_with_nothing_to_match_then_no_matching_entitlement(sapi: Api) -> None:
    patient_id, sub = sapi.active()
    for _ in range(6):
        sapi.post("/receipts", "edu", receipt(patient_id, ref=f"E-{uuid4()}"), 201)
    fails(
        sapi,
        "POST",
        "/receipts",
        "edu",
        receipt(patient_id, ref="E-7"),
        409,
        "no_matching_entitlement",
    )
    fails(
        sapi,
        "POST",
        "/receipts",
        "staff",
        receipt(patient_id, "per_use", "X-1"),
        409,
        "no_matching_entitlement",
    )
    fails(
        sapi,
        "POST",
        "/receipts",
        "staff",
        receipt(sapi.patient(), ref="E-8"),
        409,
        "no_matching_entitlement",
    )
    lines = {
        line["code"]: line
        for line in sapi.get(f"/subscriptions/{sub}/entitlements", "staff")["items"]
    }
    assert lines["education"]["redeemed"] == 6 and lines["escort"]["redeemed"] == 0


def test_given_redemptions_in_the_wrong_state_then_invalid_redemption_state(sapi: Api) -> None:
    patient_id, sub = sapi.active()
    me = f"patient:{patient_id}"
    rid = sapi.claim(sub)
    for verb in ("reverse", "uphold"):
        fails(
            sapi,
            "POST",
            f"/redemptions/{rid}/{verb}",
            "lead",
            {"reason": "x"},
            409,
            "invalid_redemption_state",
        )
    sapi.post(f"/redemptions/{rid}/confirm", me)
    fails(sapi, "POST", f"/redemptions/{rid}/confirm", me, None, 409, "invalid_redemption_state")
    fails(
        sapi,
        "POST",
        f"/redemptions/{rid}/dispute",
        me,
        {"reason": "x"},
        409,
        "invalid_redemption_state",
    )
    lines = {
        line["code"]: line
        for line in sapi.get(f"/subscriptions/{sub}/entitlements", "staff")["items"]
    }
    assert lines["escort"]["redeemed"] == 1 and lines["escort"]["remaining"] == 1


def test_given_an_unknown_redemption_then_404_redemption_not_found(sapi: Api) -> None:
    patient_id, _ = sapi.active()
    nobody = str(uuid4())
    fails(
        sapi,
        "POST",
        f"/redemptions/{nobody}/confirm",
        f"patient:{patient_id}",
        None,
        404,
        "redemption_not_found",
    )
    for verb in ("reverse", "uphold"):
        fails(
            sapi,
            "POST",
            f"/redemptions/{nobody}/{verb}",
            "lead",
            {"reason": "x"},
            404,
            "redemption_not_found",
        )
