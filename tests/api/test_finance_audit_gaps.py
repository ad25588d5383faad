"""The console's read gaps (issue 14): refund filters, the reconciliation's position and
the access log's `after=`."""

from __future__ import annotations

import json
from datetime import timedelta
from uuid import uuid4

from tests.api.dsl import Api, is_problem
from tests.api.reads import POSITION, event_position, read
from tests.fixtures import START


def test_given_refunds_of_two_patients_when_finance_filters_then_one_call_lists_each(
    api: Api,
) -> None:
    patient_id, subscription_id = api.active()
    other_patient, other_subscription = api.active()
    mine = api.refund(subscription_id, patient_id, {"type": "items", "items": {"escort": 1}})
    theirs = api.refund(other_subscription, other_patient, {"type": "remaining"})
    at = event_position(api, "POST", f"/refunds/{mine['refund_id']}/approve", "lead", None, 200)

    def ids(query: str) -> list[str]:
        rows, _ = read(api, f"/finance/refunds?{query}", "finance", at)
        return [row["refund_id"] for row in rows["items"]]

    assert ids("") == [mine["refund_id"], theirs["refund_id"]]
    assert ids(f"subscription_id={subscription_id}") == [mine["refund_id"]]
    assert ids(f"patient_id={other_patient}") == [theirs["refund_id"]]
    assert ids(f"patient_id={patient_id}&status=approved") == [mine["refund_id"]]
    assert ids(f"patient_id={other_patient}&status=approved") == []
    package_id = api.get(f"/subscriptions/{subscription_id}", "finance")["package_id"]
    assert ids(f"package_id={package_id}")[0] == mine["refund_id"]
    assert ids(f"package_id={uuid4()}") == []
    csv = api.call("GET", f"/finance/refunds?format=csv&patient_id={patient_id}", "finance")
    assert mine["refund_id"] in csv.text and theirs["refund_id"] not in csv.text
    is_problem(api.call("GET", "/finance/refunds?patient_id=nope", "finance", expect=422),
               422, "validation_error")  # fmt: skip


def test_given_a_filtered_refund_list_then_the_access_log_names_only_that_patient(
    api: Api,
) -> None:
    patient_id, subscription_id = api.active()
    other_patient, other_subscription = api.active()
    api.refund(subscription_id, patient_id, {"type": "remaining"})
    api.refund(other_subscription, other_patient, {"type": "remaining"})
    api.get(f"/finance/refunds?patient_id={patient_id}", "finance")
    log = api.get("/audit/access-log?actor=fin-qian", "auditor")["items"]
    assert {row["patient_id"] for row in log if "patient_id=" in row["resource"]} == {patient_id}


def test_given_a_settlement_file_when_reconciled_then_the_answer_names_the_position_matched(
    api: Api,
) -> None:
    patient_id, subscription_id = api.active()
    asked = api.refund(subscription_id, patient_id, {"type": "items", "items": {"escort": 1}})
    api.post(f"/refunds/{asked['refund_id']}/approve", "lead")
    paid_at = event_position(api, "POST", f"/refunds/{asked['refund_id']}/payments", "mall",
                             {"provider_ref": "PAY-7", "status": "paid"}, 200)  # fmt: skip
    rows, _ = read(api, "/finance/refunds?status=paid", "finance", paid_at)
    amount = rows["items"][0]["paid_amount"]["amount"]
    settlement = (
        "provider_ref,kind,amount,currency,settled_at\n"
        f"PAY-7,refund,{amount},CNY,{rows['items'][0]['paid_at']}\n"
    )
    made = api.client.post(
        "/api/v1/finance/reconciliations",
        content=settlement.encode(),
        headers=api.headers("finance", **{"Content-Type": "text/csv"}),
    )
    assert made.status_code == 201, made.text
    api.check_contract("POST", "/finance/reconciliations", made)
    # The finance records had reached the payout when the file was matched against them
    position = int(made.headers["X-Event-Position"])
    assert position >= paid_at
    assert made.json()["lines"][0]["status"] == "matched"
    _, answered = read(api, "/finance/daily", "finance", position)
    assert answered >= position


def test_given_the_access_log_when_read_after_a_position_then_it_waits_and_says_where(
    api: Api,
) -> None:
    patient_id = api.patient()
    at = event_position(
        api, "POST", f"/patients/{patient_id}/consents", "staff",
        {"purpose": "care_management", "given": True}, 200,
    )  # fmt: skip
    log, position = read(api, f"/audit/access-log?patient_id={patient_id}", "auditor", at)
    assert position >= at
    assert all(row["patient_id"] == patient_id for row in log["items"])
    beyond = api.call("GET", f"/audit/access-log?after={at + 10_000}", "auditor", expect=400)
    is_problem(beyond, 400, "after_beyond_head")
    plain = api.call("GET", "/audit/access-log", "auditor")
    assert int(plain.headers[POSITION]) >= at


def test_given_a_paid_refund_then_finance_charts_read_it_per_package_and_day(api: Api) -> None:
    patient_id, subscription_id = api.active()
    asked = api.refund(subscription_id, patient_id, {"type": "items", "items": {"escort": 1}})
    api.post(f"/refunds/{asked['refund_id']}/approve", "lead")
    at = event_position(api, "POST", f"/refunds/{asked['refund_id']}/payments", "mall",
                        {"provider_ref": "PAY-8", "status": "paid"}, 200)  # fmt: skip
    package_id = api.get(f"/subscriptions/{subscription_id}", "finance")["package_id"]

    packages, _ = read(api, "/finance/packages", "finance", at)
    (row,) = [p for p in packages["items"] if p["package_id"] == package_id]
    assert row["paid"] == {"amount": "1999.00", "currency": "CNY"}
    assert row["refunded"] == asked["quote"] and row["subscriptions"] == 1
    points, _ = read(api, "/finance/series?since=2000-01-01&until=2000-12-31", "finance", at)
    assert points["items"] == []
    daily = api.get("/finance/daily", "finance")["items"]
    first, last = min(d["day"] for d in daily), max(d["day"] for d in daily)
    points, _ = read(api, f"/finance/series?since={first}&until={last}", "finance", at)
    mine = [p for p in points["items"] if p["package_id"] == package_id]
    assert sum(p["purchases_count"] for p in mine) == 1
    assert [p["refunds_paid_amount"] for p in mine if p["refunds_paid_count"]] == [asked["quote"]]
    backwards = api.call("GET", f"/finance/series?since={last}&until=2000-01-01", "finance",
                         expect=400)  # fmt: skip
    is_problem(backwards, 400, "invalid_query")
    is_problem(api.call("GET", "/finance/series?since=2026-01-01&until=2027-06-01", "finance",
                        expect=400), 400, "invalid_query")  # fmt: skip


def test_given_refunds_then_the_staff_who_work_them_see_the_waits_and_others_do_not(
    api: Api,
) -> None:
    patient_id, subscription_id = api.active()
    asked = api.refund(subscription_id, patient_id, {"type": "remaining"})
    at = event_position(api, "POST", f"/refunds/{asked['refund_id']}/approve", "lead", None, 200)
    for who in ("finance", "lead", "staff"):
        waits, _ = read(api, "/finance/refund-waits", who, at)
        steps = {s["step"]: s for s in waits["steps"]}
        assert list(steps) == ["agree", "approve", "pay"]
        assert steps["approve"]["done"] == 1 and steps["pay"]["waiting"] == 1
    for who in ("nurse", "auditor", f"patient:{patient_id}"):
        is_problem(api.call("GET", "/finance/refund-waits", who, expect=403), 403, "forbidden")
    for path in ("/finance/packages", "/finance/series?since=2026-01-01&until=2026-01-31"):
        is_problem(api.call("GET", path, "lead", expect=403), 403, "forbidden")


def test_given_a_paid_refund_when_the_auditor_reads_the_subscription_as_of_before_then_the_balance_is_the_earlier(  # noqa: E501
    api: Api,
) -> None:
    patient_id, subscription_id = api.active()
    api.client.app.state.clock.advance(timedelta(hours=2))
    moment = (START + timedelta(hours=1)).isoformat().replace("+00:00", "Z")
    asked = api.refund(subscription_id, patient_id, {"type": "items", "items": {"escort": 1}})
    api.post(f"/refunds/{asked['refund_id']}/approve", "lead")
    api.post(f"/refunds/{asked['refund_id']}/payments", "mall",
             {"provider_ref": "PAY-6", "status": "paid"})  # fmt: skip

    then = api.get(f"/audit/aggregates/{subscription_id}?as_of={moment}", "auditor")
    now = api.get(f"/audit/aggregates/{subscription_id}", "auditor")
    assert then["aggregate_type"] == "Subscription"
    assert then["state"]["balance"] == {"paid": "1999.00", "committed": "0.00",
                                        "refunded": "0.00", "refundable": "1999.00"}  # fmt: skip
    quote = asked["quote"]["amount"]
    assert now["state"]["balance"]["refunded"] == quote
    assert now["state"]["balance"]["refundable"] == f"{1999 - float(quote):.2f}"


def test_given_emergency_reads_when_the_auditor_exports_the_access_log_then_it_has_them(
    api: Api,
) -> None:
    patient_id = api.register_patient()  # an endocrinology patient
    api.call("GET", f"/patients/{patient_id}", "other-dept:nurse", None, 200,
             **{"X-Access-Reason": "night shift, no relative reachable"})  # fmt: skip
    api.get(f"/patients/{patient_id}", "nurse")

    export = api.call(
        "GET", f"/audit/access-log/export?patient_id={patient_id}&emergency=true", "auditor"
    )
    assert export.headers["content-type"].startswith("text/csv")
    header, *rows = export.text.splitlines()
    assert header.split(",")[:3] == ["seq", "at", "actor"]
    assert len(rows) == 1 and "night shift, no relative reachable" in rows[0]
    everyone = api.call("GET", "/audit/access-log/export?format=jsonl", "auditor")
    lines = [json.loads(line) for line in everyone.text.splitlines()]
    # It ends at the entry recording the export itself, the auditor's
    assert lines[-1]["actor"] == "aud-zhou" and "access-log/export" in lines[-1]["resource"]
    assert [line["seq"] for line in lines] == sorted(line["seq"] for line in lines)
    is_problem(api.call("GET", "/audit/access-log/export", "finance", expect=403), 403, "forbidden")
