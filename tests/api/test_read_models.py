"""Read-model endpoints: dashboard, audit and finance read their own writes through `after=`."""

from __future__ import annotations

from tests.api.dsl import DEPT, Api, is_problem
from tests.api.reads import event_position, read


def test_given_a_purchase_when_reading_the_dashboard_after_it_then_it_shows(api: Api) -> None:
    patient_id, subscription_id = api.active()
    claim = {"item_code": "escort", "note": "escorted"}
    at = event_position(
        api, "POST", f"/subscriptions/{subscription_id}/redemptions", "staff", claim, 201
    )

    summary, position = read(api, f"/dashboard/summary?department={DEPT}", "nurse", at)
    assert position >= at
    (department,) = summary["departments"]
    assert department["department"] == DEPT and department["vip_patients"] == 1
    assert department["unconfirmed_redemptions"] == 1

    rows, _ = read(api, f"/dashboard/patients?department={DEPT}&vip=true", "nurse", at)
    assert [row["patient_id"] for row in rows["items"]] == [patient_id]
    assert "990" not in rows["items"][0]["masked_id_number"]
    work, _ = read(api, "/dashboard/worklists/unconfirmed_redemptions", "staff", at)
    assert [row["subscription_id"] for row in work["items"]] == [subscription_id]
    packages, _ = read(api, "/dashboard/packages", "reviewer", at)
    assert packages["items"][0]["sales"] == 1
    assert packages["items"][0]["price"] == {"amount": "1999.00", "currency": "CNY"}
    timeline, _ = read(api, f"/patients/{patient_id}/timeline", f"patient:{patient_id}", at)
    assert len(timeline["items"]) >= 3


def test_given_events_when_the_auditor_verifies_after_them_then_the_chain_holds(api: Api) -> None:
    patient_id = api.patient()
    at = event_position(
        api, "POST", f"/patients/{patient_id}/consents", "staff",
        {"purpose": "care_management", "given": True}, 200,
    )  # fmt: skip

    verified, _ = read(api, "/audit/verify", "auditor", at)
    assert verified["ok"] and verified["checked"] >= at and verified["head"]["position"] >= at
    events, _ = read(api, f"/audit/events?patient_id={patient_id}&limit=2", "auditor", at)
    assert len(events["items"]) == 2 and events["next_cursor"]
    more = api.get(f"/audit/events?patient_id={patient_id}&cursor={events['next_cursor']}",
                   "auditor")  # fmt: skip
    assert more["items"][0]["position"] > events["items"][-1]["position"]
    state = api.get(f"/audit/aggregates/{patient_id}", "auditor")
    assert state["existed"] and state["aggregate_type"] == "Patient"
    assert state["state"]["id_number"] != "110101194804021234"
    before = api.get(f"/audit/aggregates/{patient_id}?as_of=2000-01-01T00:00:00Z", "auditor")
    assert not before["existed"] and before["events"] == []
    export = api.call("GET", "/audit/export?format=csv", "auditor")
    assert export.headers["content-type"].startswith("text/csv")
    assert export.text.splitlines()[0].startswith("position,")


def test_given_reads_and_a_denial_then_the_access_log_has_both(api: Api) -> None:
    patient_id = api.patient()
    api.get(f"/patients/{patient_id}/timeline", "nurse")
    api.call("GET", f"/patients/{patient_id}/timeline", "other-dept:nurse", expect=403)

    log = api.get(f"/audit/access-log?patient_id={patient_id}", "auditor")["items"]
    assert [(e["actor"], e["outcome"]) for e in log] == [
        ("nurse-li", "allowed"),
        ("nurse-li-2", "denied"),
    ]


def test_given_a_paid_refund_when_finance_reads_after_it_then_every_view_agrees(api: Api) -> None:
    patient_id, subscription_id = api.active()
    asked = api.refund(subscription_id, patient_id, {"type": "items", "items": {"escort": 1}})
    refund_id = asked["refund_id"]
    api.post(f"/refunds/{refund_id}/approve", "lead")
    at = event_position(api, "POST", f"/refunds/{refund_id}/payments", "mall",
                        {"provider_ref": "PAY-9", "status": "paid"}, 200)  # fmt: skip

    rows, _ = read(api, "/finance/refunds?status=paid", "finance", at)
    (row,) = rows["items"]
    assert row["refund_id"] == refund_id and row["paid_amount"] == asked["quote"]
    balance, _ = read(api, f"/finance/subscriptions/{subscription_id}/balance", "finance", at)
    assert balance["paid"] == {"amount": "1999.00", "currency": "CNY"}
    assert balance["refunded"] == asked["quote"]
    daily, _ = read(api, "/finance/daily", "finance", at)
    assert sum(int(d["refunds_paid_count"]) for d in daily["items"]) == 1
    csv = api.call("GET", "/finance/refunds?format=csv", "finance")
    assert csv.headers["content-type"].startswith("text/csv") and refund_id in csv.text

    settlement = (
        f"provider_ref,kind,amount,currency,settled_at\nPAY-9,refund,1.00,CNY,{row['paid_at']}\n"
    )
    headers = api.headers("finance", **{"Content-Type": "text/csv"})
    made = api.client.post(
        "/api/v1/finance/reconciliations", content=settlement.encode(), headers=headers
    )
    assert made.status_code == 201, made.text
    statuses = {line["provider_ref"]: line["status"] for line in made.json()["lines"]}
    assert statuses["PAY-9"] == "amount_mismatch"  # and the day's purchase: missing_at_provider
    again = api.get(f"/finance/reconciliations/{made.json()['id']}", "finance")
    assert again["lines"] == made.json()["lines"]


def test_given_no_token_or_the_wrong_role_then_401_or_403(api: Api) -> None:
    patient_id = api.patient()
    for path in ("/dashboard/summary", "/audit/verify", "/finance/daily",
                 f"/patients/{patient_id}/timeline"):  # fmt: skip
        is_problem(api.call("GET", path, None, expect=0), 401, "unauthenticated")
    for path, who in (
        ("/dashboard/summary", f"patient:{patient_id}"),
        ("/dashboard/summary?department=oncology", "nurse"),
        ("/dashboard/packages", "finance"),
        ("/audit/events", "nurse"),
        ("/audit/access-log", "admin"),
        ("/finance/refunds", "auditor"),
        (f"/patients/{patient_id}/timeline", "patient:00000000-0000-4000-8000-000000000001"),
        (f"/patients/{patient_id}/timeline", "finance"),
    ):
        is_problem(api.call("GET", path, who, expect=0), 403, "forbidden")
    is_problem(api.call("GET", "/dashboard/worklists/nope", "nurse", expect=0), 404, "not_found")
    bad = api.call("GET", "/dashboard/patients?cursor=%%%", "nurse", expect=0)
    assert bad.status_code == 422  # malformed_cursor (tests/api/test_bad_params.py)


def test_given_a_read_of_a_patient_record_then_the_access_log_has_it(api: Api) -> None:
    patient_id = api.patient()
    api.get(f"/patients/{patient_id}", "nurse")

    log = api.get(f"/audit/access-log?patient_id={patient_id}", "auditor")["items"]
    assert [(e["actor"], e["outcome"], e["resource"]) for e in log] == [
        ("nurse-li", "allowed", f"GET /api/v1/patients/{patient_id}")
    ]
