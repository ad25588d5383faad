"""Patients and episodes over HTTP: registration, proxies, consents, offers, care."""

from __future__ import annotations

from tests.api.dsl import Api, is_problem


def test_given_a_registered_patient_when_read_then_the_id_number_is_masked(sapi: Api) -> None:
    patient_id = sapi.patient()
    for who in ("staff", f"patient:{patient_id}", f"proxy:{patient_id}"):
        response = sapi.call("GET", f"/patients/{patient_id}", who)
        assert response.json()["id_number"] == "**************1234"
        assert response.headers["etag"].strip('"').isdigit()


def test_given_a_proxy_when_revoked_then_they_no_longer_see_the_patient(sapi: Api) -> None:
    patient_id = sapi.patient()
    body = {"user_id": "daughter", "relation": "child", "permissions": ["view"]}
    added = sapi.post(f"/patients/{patient_id}/proxies", f"patient:{patient_id}", body)
    assert {p["user_id"] for p in added["proxies"]} == {"grandson", "daughter"}
    gone = sapi.call("DELETE", f"/patients/{patient_id}/proxies/grandson", "staff").json()
    assert [p["user_id"] for p in gone["proxies"]] == ["daughter"]
    is_problem(
        sapi.call("GET", f"/patients/{patient_id}", f"proxy:{patient_id}", expect=0),
        403,
        "forbidden",
    )
    bad = {"user_id": "x", "relation": "neighbour", "permissions": ["view"]}
    refused = is_problem(
        sapi.call("POST", f"/patients/{patient_id}/proxies", "staff", bad, expect=0),
        422,
        "validation_error",
    )
    assert refused["errors"][0]["key"] == "relation"


def test_given_a_proxy_without_view_when_reading_then_403(sapi: Api) -> None:
    patient_id = sapi.register_patient(rights=["purchase"])
    is_problem(
        sapi.call("GET", f"/patients/{patient_id}", f"proxy:{patient_id}", expect=0),
        403,
        "forbidden",
    )
    consent = {"purpose": "care_management", "given": True}
    is_problem(
        sapi.call(
            "POST", f"/patients/{patient_id}/consents", f"proxy:{patient_id}", consent, expect=0
        ),
        403,
        "proxy_not_authorised",
    )


def test_given_consent_when_given_and_withdrawn_then_the_patient_shows_it(sapi: Api) -> None:
    patient_id = sapi.patient()
    path = f"/patients/{patient_id}/consents"
    body = {"purpose": "data_sharing_with_provider", "given": True}
    assert sapi.post(path, f"patient:{patient_id}", body)["consents"] == [
        "data_sharing_with_provider"
    ]
    assert sapi.post(path, "staff", {**body, "given": False})["consents"] == []


def test_given_open_episodes_when_asking_offers_then_matching_published_packages(
    sapi: Api,
) -> None:
    matching = sapi.publish_package()
    sapi.publish_package(disease_codes=["C16"])
    sapi.add_package()
    patient_id = sapi.patient()
    offered = sapi.get(f"/patients/{patient_id}/offers", f"proxy:{patient_id}")["items"]
    assert [p["id"] for p in offered] == [matching]


def test_given_an_episode_when_moved_screened_and_cared_for_then_it_shows(sapi: Api) -> None:
    patient_id = sapi.patient()
    episode_id = sapi.get(f"/patients/{patient_id}", "staff")["episode_ids"][0]
    path = f"/episodes/{episode_id}"
    assert sapi.post(f"{path}/stage", "doctor", {"to": "consulting"})["stage"] == "consulting"
    screening = sapi.post(
        f"{path}/screenings",
        "nurse",
        {"nrs2002": {"nutritional_status": 2, "disease_severity": 2, "age": 78}},
    )
    assert screening["risk_tier"] == "malnourished" and screening["nrs2002_total"] == 5
    plan = {"intervention": "oral_supplements", "interval_days": 14}
    assert sapi.post(f"{path}/care-plan", "staff", plan)["care_plan"]["interval_days"] == 14
    observation = {
        "code": "body_weight",
        "value": "51.5",
        "unit": "kg",
        "observed_at": "2026-03-02T09:00:00+08:00",
        "source": "patient",
    }
    assert sapi.post(f"{path}/observations", "nurse", observation, 201)["observations"]
    package_id = sapi.publish_package()
    recommended = sapi.post(f"{path}/recommendations", "doctor", {"package_id": package_id})
    assert recommended["recommended_package_ids"] == [package_id]
    episode = sapi.get(path, "lead")
    assert episode["stage"] == "consulting" and episode["condition"]["code"] == "E11"


def test_given_episode_rules_when_broken_then_problems_with_codes(sapi: Api) -> None:
    patient_id = sapi.patient()
    episode_id = sapi.get(f"/patients/{patient_id}", "staff")["episode_ids"][0]
    path = f"/episodes/{episode_id}"
    is_problem(
        sapi.call("POST", f"{path}/stage", "doctor", {"to": "discharged"}, expect=0),
        409,
        "invalid_stage_transition",
    )
    is_problem(
        sapi.call("POST", f"{path}/screenings", "doctor", {}, expect=0), 422, "invalid_screening"
    )
    draft = sapi.add_package()
    is_problem(
        sapi.call("POST", f"{path}/recommendations", "doctor", {"package_id": draft}, expect=0),
        409,
        "package_not_published",
    )
    not_a_uuid = sapi.call("POST", "/episodes", "doctor", {"patient_id": "nope"}, expect=0)
    is_problem(not_a_uuid, 422, "validation_error")


def test_given_a_follow_up_when_completed_then_the_answer_names_the_redemption(
    sapi: Api,
) -> None:
    patient_id, subscription_id = sapi.active()
    episode_id = sapi.get(f"/patients/{patient_id}", "staff")["episode_ids"][0]
    follow_up = sapi.post(
        f"/episodes/{episode_id}/follow-ups",
        "staff",
        {"due_on": "2026-03-09", "channel": "phone", "assignee": "s"},
        201,
    )
    path = f"/episodes/{episode_id}/follow-ups/{follow_up['follow_up_id']}/complete"
    done = sapi.post(path, "staff", {"outcome": "reached"})
    assert done["subscription_id"] == subscription_id and done["redemption_id"]
    is_problem(
        sapi.call("POST", path, "staff", {"outcome": "again"}, expect=0),
        409,
        "follow_up_not_pending",
    )
