"""The catalogue over HTTP: drafting, review, publishing, prices, versions and listing."""

from __future__ import annotations

from api.auth import mint_token
from tests.api.dsl import PACKAGE, Api, is_problem


def test_given_a_draft_when_it_goes_through_review_then_it_is_published(sapi: Api) -> None:
    response = sapi.call("POST", "/packages", "nurse", PACKAGE, 201)
    package = response.json()
    assert package["status"] == "draft" and package["version"] == 1
    assert package["price"] == {"amount": "1999.00", "currency": "CNY"}
    assert package["predecessor_id"] is None and len(package["items"]) == 4
    assert response.headers["etag"] == '"1"' and int(response.headers["x-event-position"]) > 0
    pid = package["id"]
    revised = sapi.call("PUT", f"/packages/{pid}", "nurse", {**PACKAGE, "name": "DM v1"}).json()
    assert revised["name"] == "DM v1"
    assert sapi.post(f"/packages/{pid}/submit", "nurse")["status"] == "in_review"
    assert sapi.post(f"/packages/{pid}/approve", "reviewer")["status"] == "approved"
    assert sapi.post(f"/packages/{pid}/publish", "reviewer")["status"] == "published"
    price = {"price": {"amount": "1799.00", "currency": "CNY"}}
    assert sapi.post(f"/packages/{pid}/price", "reviewer", price)["price"]["amount"] == "1799.00"
    assert sapi.post(f"/packages/{pid}/display", "reviewer", {"name": "新"})["name"] == "新"
    assert sapi.post(f"/packages/{pid}/delist", "reviewer", {"reason": "old"})["status"] == (
        "delisted"
    )


def test_given_a_rejected_draft_when_revised_then_it_is_a_draft_again(sapi: Api) -> None:
    pid = sapi.add_package()
    sapi.post(f"/packages/{pid}/submit", "nurse")
    assert sapi.post(f"/packages/{pid}/reject", "reviewer", {"reason": "no"})["status"] == (
        "rejected"
    )
    assert sapi.call("PUT", f"/packages/{pid}", "nurse", PACKAGE).json()["status"] == "draft"


def test_given_a_published_package_when_versioned_then_publishing_delists_the_old(
    sapi: Api,
) -> None:
    old = sapi.publish_package()
    new = sapi.post(f"/packages/{old}/versions", "nurse", None, 201)
    assert new["predecessor_id"] == old and new["version"] == 2 and new["status"] == "draft"
    sapi.post(f"/packages/{new['id']}/submit", "nurse")
    sapi.post(f"/packages/{new['id']}/approve", "reviewer")
    sapi.post(f"/packages/{new['id']}/publish", "reviewer")
    assert sapi.get(f"/packages/{old}", "nurse")["status"] == "delisted"


def test_given_packages_when_listed_then_filters_and_patients_see_published_only(
    sapi: Api,
) -> None:
    draft = sapi.add_package()
    published = sapi.publish_package(disease_codes=["C16"])
    every = sapi.get("/packages", "auditor")["items"]
    assert [p["id"] for p in every] == [draft, published]
    assert [p["id"] for p in sapi.get("/packages?status=draft", "nurse")["items"]] == [draft]
    assert [p["id"] for p in sapi.get("/packages?disease_code=E11", "nurse")["items"]] == [draft]
    patient = f"patient:{sapi.register_patient()}"
    assert [p["id"] for p in sapi.get("/packages", patient)["items"]] == [published]
    assert sapi.get("/packages?status=draft", patient)["items"] == []
    is_problem(sapi.call("GET", f"/packages/{draft}", patient, expect=0), 404, "not_found")


def test_given_departments_when_listing_then_each_finds_the_packages_it_offers(
    sapi: Api,
) -> None:
    endo = sapi.add_package(department="endocrinology")
    cardio = sapi.publish_package(code="CARD-1", department="cardiology")
    hospital = sapi.add_package(code="ALL-1")

    def listed(query: str) -> list[str]:
        return [p["id"] for p in sapi.get(f"/packages?{query}", "nurse")["items"]]

    assert listed("department=endocrinology") == [endo]
    assert listed("department=cardiology&status=published") == [cardio]
    assert listed("department=oncology") == []
    assert hospital in listed("") and len(listed("")) == 3
    assert sapi.get(f"/packages/{endo}", "nurse")["department"] == "endocrinology"
    assert sapi.get(f"/packages/{hospital}", "nurse")["department"] == ""
    # Content like the rest: frozen once published.
    is_problem(
        sapi.call("POST", f"/packages/{cardio}/display", "reviewer", {"department": "x"}, expect=0),
        409,
        "field_not_editable",
    )


def test_given_many_packages_when_paged_then_cursors_walk_them_all(sapi: Api) -> None:
    made = [sapi.add_package() for _ in range(3)]
    first = sapi.get("/packages?limit=2", "nurse")
    second = sapi.get(f"/packages?limit=2&cursor={first['next_cursor']}", "nurse")
    assert [p["id"] for p in first["items"] + second["items"]] == made
    assert second["next_cursor"] is None
    is_problem(sapi.call("GET", "/packages?limit=500", "nurse", expect=0), 422, "validation_error")
    is_problem(sapi.call("GET", "/packages?cursor=%%%", "nurse", expect=0), 422, "malformed_cursor")


def test_given_the_rules_when_broken_then_409_and_422_with_stable_codes(sapi: Api) -> None:
    pid = sapi.add_package()
    is_problem(
        sapi.call("POST", f"/packages/{pid}/approve", "reviewer", expect=0),
        409,
        "invalid_package_transition",
    )
    sapi.post(f"/packages/{pid}/submit", "nurse")
    drafter_reviewer = sapi.client.post(
        f"/api/v1/packages/{pid}/approve",
        headers={
            "Authorization": "Bearer "
            + mint_token(sapi.settings, "nurse-li", ["catalogue_reviewer"])
        },
    )
    is_problem(drafter_reviewer, 409, "reviewer_is_drafter")
    is_problem(sapi.call("POST", f"/packages/{pid}/submit", "doctor", expect=0), 403, "forbidden")
    bad_items = {**PACKAGE, "items": [{**PACKAGE["items"][0], "kind": "massage"}]}
    # A kind outside the fixed set is refused by the schema, naming the field.
    refused = sapi.call("POST", "/packages", "nurse", bad_items, expect=0)
    assert is_problem(refused, 422, "validation_error")["errors"][0]["key"] == "items.0.kind"
    published = sapi.publish_package()
    locked = sapi.call(
        "POST", f"/packages/{published}/display", "reviewer", {"validity_days": 3}, expect=0
    )
    assert is_problem(locked, 409, "field_not_editable")["fields"] == ["validity_days"]
