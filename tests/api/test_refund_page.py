"""The refund page and the refunds queue of the console: who did what and when, the quote
line by line as computed, who must approve, and refunds by stage in the caller's scope."""

from __future__ import annotations

from tests.api.dsl import PACKAGE, Api

NOTE = "phoned the patient: half of one escort"


def _agreed(api: Api, above: bool) -> tuple[str, dict[str, object]]:
    patient_id, subscription_id = api.active()
    api.claim(subscription_id)  # one escort used: the quote is pro rata
    asked = api.refund(subscription_id, patient_id, {"type": "items", "items": {"escort": 1}})
    quote = asked["quote"]["amount"]
    amount = f"{float(quote) + 1:.2f}" if above else f"{float(quote) / 2:.2f}"
    api.post(
        f"/refunds/{asked['refund_id']}/agree",
        "staff",
        {"amount": {"amount": amount, "currency": "CNY"}, "note": NOTE},
    )
    return asked["refund_id"], asked


def test_given_an_agreed_refund_when_staff_read_it_then_steps_breakdown_and_approver(
    api: Api,
) -> None:
    refund_id, asked = _agreed(api, above=False)

    page = api.get(f"/refunds/{refund_id}", "staff")

    steps = [(s["step"], s["actor"], s["role"]) for s in page["history"]]
    assert steps == [
        ("requested", steps[0][1], "patient"),
        ("quoted", steps[0][1], "patient"),
        ("agreed", "staff-zhao", "service_staff"),
    ]
    assert page["history"][0]["note"] == "moved" and page["history"][2]["note"] == NOTE
    assert page["history"][2]["amount"] == page["agreed_amount"]
    assert all(s["at"] for s in page["history"])
    assert page["approval_by"] == "service_lead"
    detail, breakdown = asked["quote_detail"], page["breakdown"]
    assert breakdown["amount"] == detail["amount"] == page["quote"]
    assert (breakdown["gross"], breakdown["fee"]) == (detail["gross"], detail["fee"])
    escort = next(i for i in PACKAGE["items"] if i["code"] == "escort")
    (line,) = breakdown["lines"]
    assert (line["code"], line["units"], line["value"]) == (
        "escort",
        1,
        detail["lines"][0]["value"],
    )
    assert (line["bought"], line["weight"], line["used"]) == (
        escort["quantity"],
        escort["weight"],
        1,
    )
    assert line["name"] == escort["name"]


def test_given_an_amount_above_the_quote_when_read_then_finance_approves(api: Api) -> None:
    refund_id, _ = _agreed(api, above=True)

    assert api.get(f"/refunds/{refund_id}", "staff")["approval_by"] == "finance"
    after = api.client.app.state.carepack.recorder.max_notification_id()
    queue = api.get(f"/dashboard/refunds?stage=awaiting_finance&after={after}", "lead")
    assert [row["refund_id"] for row in queue["items"]] == [refund_id]
    assert api.get("/dashboard/refunds?stage=agreed", "lead")["items"] == []


def test_given_refunds_at_each_stage_when_the_queue_is_read_then_by_stage_and_in_scope(
    api: Api,
) -> None:
    agreed, _ = _agreed(api, above=False)
    patient_id, subscription_id = api.active()
    asked = api.refund(subscription_id, patient_id, {"type": "items", "items": {"escort": 1}})
    api.post(f"/refunds/{asked['refund_id']}/reject", "lead", {"reason": "outside policy"})
    after = api.client.app.state.carepack.recorder.max_notification_id()

    whole = api.get(f"/dashboard/refunds?after={after}", "staff")
    waiting = api.get("/dashboard/refunds?stage=agreed", "staff")
    elsewhere = api.get("/dashboard/refunds", "other-dept:staff")

    assert whole["counts"] == {
        "requested": 0, "agreed": 1, "awaiting_finance": 0, "approved": 0, "paid": 0,
        "rejected": 1, "withdrawn": 0,
    }  # fmt: skip
    assert [r["stage"] for r in whole["items"]] == ["agreed", "rejected"]
    (row,) = waiting["items"]
    assert row["refund_id"] == agreed and row["package_code"] == PACKAGE["code"]
    assert row["patient"]["patient_id"] == row["patient_id"] and row["agreed"]["currency"] == "CNY"
    assert elsewhere["items"] == [] and sum(elsewhere["counts"].values()) == 0
    api.call("GET", "/dashboard/refunds?stage=paid_out", "staff", expect=422)
    api.call("GET", "/dashboard/refunds", "finance", expect=403)
