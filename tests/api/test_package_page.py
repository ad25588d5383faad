"""The package page of the console: who did what and when, the authors no reviewer may be,
the version chain both ways, and the list's text filter; patients see none of the history."""

from __future__ import annotations

from tests.api.dsl import PACKAGE, Api


def test_given_a_reviewed_repriced_package_when_read_then_its_history_and_reviewer(
    api: Api,
) -> None:
    package_id = api.add_package()
    api.post(f"/packages/{package_id}/submit", "nurse")
    api.post(f"/packages/{package_id}/reject", "reviewer", {"reason": "no precautions"})
    api.call("PUT", f"/packages/{package_id}", "nurse", {**PACKAGE, "precautions": "fast first"})
    api.post(f"/packages/{package_id}/submit", "nurse")
    api.post(f"/packages/{package_id}/approve", "reviewer")
    api.post(f"/packages/{package_id}/publish", "reviewer")
    api.post(f"/packages/{package_id}/price", "reviewer",
             {"price": {"amount": "2199.00", "currency": "CNY"}})  # fmt: skip

    page = api.get(f"/packages/{package_id}", "doctor")

    steps = [(s["step"], s["actor"]) for s in page["history"]]
    assert steps == [
        ("drafted", "nurse-li"), ("submitted", "nurse-li"), ("rejected", "reviewer-sun"),
        ("returned_to_draft", "nurse-li"), ("revised", "nurse-li"), ("submitted", "nurse-li"),
        ("approved", "reviewer-sun"),
        ("published", "reviewer-sun"), ("price_changed", "reviewer-sun"),
    ]  # fmt: skip
    assert page["history"][2]["reason"] == "no precautions"
    assert page["history"][-1]["price"] == {"amount": "2199.00", "currency": "CNY"}
    assert page["author_ids"] == ["nurse-li"] and page["reviewed_by"] == "reviewer-sun"
    assert page["price"]["amount"] == "2199.00" and page["precautions"] == "fast first"


def test_given_a_new_version_when_both_are_read_then_the_chain_shows_both_ways(api: Api) -> None:
    first = api.publish_package()
    second = api.post(f"/packages/{first}/versions", "nurse", None, 201)["id"]

    old, new = api.get(f"/packages/{first}", "reviewer"), api.get(f"/packages/{second}", "reviewer")
    listed = {p["id"]: p for p in api.get("/packages", "reviewer")["items"]}

    assert (old["successor_id"], new["predecessor_id"]) == (second, first)
    assert new["successor_id"] is None and new["version"] == old["version"] + 1
    assert listed[first]["successor_id"] == second and listed[second]["successor_id"] is None


def test_given_packages_when_filtered_by_text_then_code_or_name_matches(api: Api) -> None:
    api.add_package(code="ONC-NUTRI", name="肿瘤营养管理")
    api.add_package(code="DM-CARE", name="Diabetes care")

    by_code = api.get("/packages?q=onc-", "reviewer")["items"]
    by_name = api.get("/packages?q=DIABETES", "reviewer")["items"]

    assert [p["code"] for p in by_code] == ["ONC-NUTRI"]
    assert [p["code"] for p in by_name] == ["DM-CARE"]


def test_given_a_published_package_when_a_patient_reads_it_then_no_staff_history(
    api: Api,
) -> None:
    package_id = api.publish_package()
    patient_id = api.patient()

    one = api.get(f"/packages/{package_id}", f"patient:{patient_id}")
    listed = api.get("/packages", f"patient:{patient_id}")["items"]

    for shown in (one, *listed):
        assert [shown.get(k) for k in ("history", "author_ids", "reviewed_by")] == [None] * 3
    assert api.get(f"/packages/{package_id}", "nurse")["history"]
