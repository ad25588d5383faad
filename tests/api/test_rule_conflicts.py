"""Rule conflicts, catalogue and episodes: each rule's status and stable code, nothing written.

Every broken rule must answer its own problem code (never a generic one or a 500), and the
store must not move: the next command lands exactly where it would have without the failure.
"""

from __future__ import annotations

from uuid import uuid4

from api.auth import mint_token
from tests.api.dsl import PACKAGE, Api
from tests.api.rule_steps import fails, step


def test_given_a_draft_when_lifecycle_rules_are_broken_then_409_and_nothing_moves(
    sapi: Api,
) -> None:
    pid = sapi.add_package()
    before, after = step(sapi), step(sapi)
    path = f"/packages/{pid}"
    fails(sapi, "POST", f"{path}/approve", "reviewer", None, 409, "invalid_package_transition")
    fails(sapi, "POST", f"{path}/publish", "reviewer", None, 409, "invalid_package_transition")
    fails(
        sapi,
        "POST",
        f"{path}/delist",
        "reviewer",
        {"reason": "x"},
        409,
        "invalid_package_transition",
    )
    fails(
        sapi,
        "POST",
        f"{path}/reject",
        "reviewer",
        {"reason": "x"},
        409,
        "invalid_package_transition",
    )
    price = {"price": {"amount": "1.00", "currency": "CNY"}}
    fails(sapi, "POST", f"{path}/price", "reviewer", price, 409, "invalid_package_transition")
    fails(
        sapi,
        "POST",
        f"{path}/display",
        "reviewer",
        {"name": "n"},
        409,
        "invalid_package_transition",
    )
    fails(sapi, "POST", f"{path}/versions", "nurse", None, 409, "invalid_package_transition")
    assert step(sapi) - after == after - before
    assert sapi.get(path, "nurse")["status"] == "draft"
    assert sapi.call("GET", path, "nurse").headers["etag"] == '"1"'


def test_given_a_submitted_package_when_revised_or_resubmitted_then_409(sapi: Api) -> None:
    pid = sapi.add_package()
    path = f"/packages/{pid}"
    sapi.post(f"{path}/submit", "nurse")
    fails(sapi, "POST", f"{path}/submit", "nurse", None, 409, "invalid_package_transition")
    fails(sapi, "PUT", path, "nurse", {**PACKAGE, "name": "x"}, 409, "package_not_draft")
    got = sapi.get(path, "nurse")
    assert got["status"] == "in_review" and got["name"] == PACKAGE["name"]


def test_given_a_drafter_with_the_reviewer_role_then_never_approves_rejects_or_publishes(
    sapi: Api,
) -> None:
    pid = sapi.add_package()
    sapi.post(f"/packages/{pid}/submit", "nurse")
    token = mint_token(sapi.settings, "nurse-li", ["catalogue_reviewer"])
    sapi.tokens["drafter-reviewer"] = token
    fails(
        sapi,
        "POST",
        f"/packages/{pid}/approve",
        "drafter-reviewer",
        None,
        409,
        "reviewer_is_drafter",
    )
    fails(
        sapi,
        "POST",
        f"/packages/{pid}/reject",
        "drafter-reviewer",
        {"reason": "x"},
        409,
        "reviewer_is_drafter",
    )
    sapi.post(f"/packages/{pid}/approve", "reviewer")
    fails(
        sapi,
        "POST",
        f"/packages/{pid}/publish",
        "drafter-reviewer",
        None,
        409,
        "reviewer_is_drafter",
    )
    assert sapi.get(f"/packages/{pid}", "nurse")["status"] == "approved"


def test_given_invalid_content_then_422_and_no_draft_is_made(sapi: Api) -> None:
    no_items = {**PACKAGE, "items": []}
    fails(sapi, "POST", "/packages", "nurse", no_items, 422, "validation_error")
    bad_kind = {**PACKAGE, "items": [{**PACKAGE["items"][0], "kind": "massage"}]}
    fails(sapi, "POST", "/packages", "nurse", bad_kind, 422, "validation_error")
    pid = sapi.add_package()
    fails(sapi, "PUT", f"/packages/{pid}", "nurse", bad_kind, 422, "validation_error")
    assert [p["id"] for p in sapi.get("/packages", "nurse")["items"]] == [pid]
    sapi.post(f"/packages/{pid}/submit", "nurse")
    fails(
        sapi, "POST", f"/packages/{pid}/reject", "reviewer", {"reason": " "}, 422, "invalid_package"
    )
    assert sapi.get(f"/packages/{pid}", "nurse")["status"] == "in_review"


def test_given_a_published_package_when_locked_fields_or_bad_prices_then_problems(
    sapi: Api,
) -> None:
    pid = sapi.publish_package()
    path = f"/packages/{pid}"
    locked = fails(
        sapi,
        "POST",
        f"{path}/display",
        "reviewer",
        {"items": "x", "name": "n"},
        409,
        "field_not_editable",
    )
    assert locked["fields"] == ["items"]
    fails(sapi, "POST", f"{path}/display", "reviewer", {"name": " "}, 422, "invalid_package")
    usd = {"price": {"amount": "1.00", "currency": "USD"}}
    fails(sapi, "POST", f"{path}/price", "reviewer", usd, 422, "invalid_package")
    fails(sapi, "PUT", path, "nurse", PACKAGE, 409, "package_not_draft")
    fails(sapi, "POST", f"{path}/submit", "nurse", None, 409, "invalid_package_transition")
    got = sapi.call("GET", path, "nurse")
    assert got.json()["name"] == PACKAGE["name"] and got.json()["price"]["amount"] == "1999.00"
    assert got.headers["etag"] == '"4"'


def test_given_unknown_or_unpublished_packages_on_both_stores_then_404_and_409(api: Api) -> None:
    nobody = str(uuid4())
    fails(api, "POST", f"/packages/{nobody}/submit", "nurse", None, 404, "not_found")
    fails(api, "POST", f"/packages/{nobody}/versions", "nurse", None, 404, "not_found")
    pid = api.add_package()
    api.post(f"/packages/{pid}/submit", "nurse")
    fails(api, "POST", f"/packages/{pid}/submit", "nurse", None, 409, "invalid_package_transition")
    fails(
        api, "POST", f"/packages/{pid}/versions", "nurse", None, 409, "invalid_package_transition"
    )
    assert len(api.get("/packages", "nurse")["items"]) == 1
