"""Rule conflicts, patients and episodes: stages, closed episodes, screenings, follow-ups."""

from __future__ import annotations

from uuid import uuid4

from tests.api.dsl import Api
from tests.api.rule_steps import fails, step

NRS = {"nutritional_status": 2, "disease_severity": 2, "age": 78}
FOLLOW_UP = {"due_on": "2026-03-09", "channel": "phone", "assignee": "s"}
OBSERVATION = {
    "code": "body_weight",
    "value": "51.5",
    "unit": "kg",
    "observed_at": "2026-03-02T09:00:00+08:00",
    "source": "patient",
}


def episode_of(api: Api, patient_id: str) -> str:
    episode_id: str = api.get(f"/patients/{patient_id}", "staff")["episode_ids"][0]
    return episode_id


def test_given_stage_moves_the_rules_forbid_then_409_and_the_stage_holds(sapi: Api) -> None:
    path = f"/episodes/{episode_of(sapi, sapi.patient())}"
    for to in ("admitted", "discharged", "follow_up", "closed"):
        body = fails(
            sapi, "POST", f"{path}/stage", "doctor", {"to": to}, 409, "invalid_stage_transition"
        )
        assert body["from_stage"] == "registered" and body["to_stage"] == to
    fails(sapi, "POST", f"{path}/stage", "doctor", {"to": "limbo"}, 422, "validation_error")
    sapi.post(f"{path}/stage", "doctor", {"to": "consulting"})
    fails(
        sapi,
        "POST",
        f"{path}/stage",
        "nurse",
        {"to": "consulting"},
        409,
        "invalid_stage_transition",
    )
    fails(sapi, "POST", f"{path}/stage", "nurse", {"to": "closed"}, 422, "invalid_input")
    got = sapi.call("GET", path, "staff")
    assert got.json()["stage"] == "consulting" and got.headers["etag"] == '"2"'


def test_given_a_closed_episode_then_every_clinical_write_is_episode_closed(sapi: Api) -> None:
    patient_id = sapi.patient()
    path = f"/episodes/{episode_of(sapi, patient_id)}"
    follow_up = sapi.post(f"{path}/follow-ups", "staff", FOLLOW_UP, 201)["follow_up_id"]
    package_id = sapi.publish_package()
    sapi.post(f"{path}/stage", "doctor", {"to": "consulting"})
    sapi.post(f"{path}/stage", "doctor", {"to": "closed", "outcome": "stable"})
    etag = sapi.call("GET", path, "staff").headers["etag"]
    before, after = step(sapi), step(sapi)
    writes = [
        ("screenings", "nurse", {"nrs2002": NRS}),
        ("care-plan", "staff", {"intervention": "oral_supplements", "interval_days": 14}),
        ("observations", "nurse", OBSERVATION),
        ("follow-ups", "staff", FOLLOW_UP),
        (f"follow-ups/{follow_up}/complete", "staff", {"outcome": "reached"}),
        ("recommendations", "doctor", {"package_id": package_id}),
    ]
    for verb, who, body in writes:
        fails(sapi, "POST", f"{path}/{verb}", who, body, 409, "episode_closed")
    fails(
        sapi, "POST", f"{path}/stage", "doctor", {"to": "admitted"}, 409, "invalid_stage_transition"
    )
    assert step(sapi) - after == after - before
    assert sapi.call("GET", path, "staff").headers["etag"] == etag


def test_given_screening_overrides_without_reason_or_tier_then_invalid_screening(
    sapi: Api,
) -> None:
    path = f"/episodes/{episode_of(sapi, sapi.patient())}"
    etag = sapi.call("GET", path, "staff").headers["etag"]
    blank = {"nrs2002": NRS, "override": {"tier": "at_risk", "reason": " "}}
    fails(sapi, "POST", f"{path}/screenings", "nurse", blank, 422, "invalid_screening")
    unknown = {"nrs2002": NRS, "override": {"tier": "fine", "reason": "looked well"}}
    fails(sapi, "POST", f"{path}/screenings", "nurse", unknown, 422, "validation_error")
    fails(sapi, "POST", f"{path}/screenings", "nurse", {}, 422, "invalid_screening")
    assert sapi.call("GET", path, "staff").headers["etag"] == etag


def test_given_a_screening_override_with_an_empty_reason_then_invalid_screening(
    sapi: Api,
) -> None:
    """The rule is the domain's: an empty reason is the same broken rule as a blank one."""
    path = f"/episodes/{episode_of(sapi, sapi.patient())}"
    empty = {"nrs2002": NRS, "override": {"tier": "at_risk", "reason": ""}}
    fails(sapi, "POST", f"{path}/screenings", "nurse", empty, 422, "invalid_screening")
    no_reason = {"nrs2002": NRS, "override": {"tier": "at_risk"}}
    fails(sapi, "POST", f"{path}/screenings", "nurse", no_reason, 422, "invalid_screening")


def test_given_follow_ups_when_unknown_or_done_then_404_and_409_on_both_stores(api: Api) -> None:
    path = f"/episodes/{episode_of(api, api.patient())}"
    fails(
        api,
        "POST",
        f"{path}/follow-ups/{uuid4()}/complete",
        "staff",
        {"outcome": "x"},
        404,
        "follow_up_not_found",
    )
    follow_up = api.post(f"{path}/follow-ups", "staff", FOLLOW_UP, 201)["follow_up_id"]
    done = f"{path}/follow-ups/{follow_up}/complete"
    api.post(done, "staff", {"outcome": "reached"})
    etag = api.call("GET", path, "staff").headers["etag"]
    fails(api, "POST", done, "nurse", {"outcome": "again"}, 409, "follow_up_not_pending")
    bad = {**FOLLOW_UP, "channel": "pigeon"}
    fails(api, "POST", f"{path}/follow-ups", "staff", bad, 422, "validation_error")
    assert api.call("GET", path, "staff").headers["etag"] == etag


def test_given_care_input_the_rules_reject_then_422_invalid_input(sapi: Api) -> None:
    path = f"/episodes/{episode_of(sapi, sapi.patient())}"
    etag = sapi.call("GET", path, "staff").headers["etag"]
    plan = {"intervention": "prayer", "interval_days": 14}
    fails(sapi, "POST", f"{path}/care-plan", "staff", plan, 422, "validation_error")
    future = {**OBSERVATION, "observed_at": "2099-01-01T00:00:00+08:00"}
    fails(sapi, "POST", f"{path}/observations", "nurse", future, 422, "invalid_input")
    fails(
        sapi,
        "POST",
        f"{path}/observations",
        "nurse",
        {**OBSERVATION, "source": "x"},
        422,
        "validation_error",
    )
    assert sapi.call("GET", path, "staff").headers["etag"] == etag


def test_given_recommendations_of_unpublished_or_unknown_packages_then_rejected(
    sapi: Api,
) -> None:
    path = f"/episodes/{episode_of(sapi, sapi.patient())}"
    delisted = sapi.publish_package()
    sapi.post(f"/packages/{delisted}/delist", "reviewer", {"reason": "old"})
    for package_id in (sapi.add_package(), delisted):
        body = {"package_id": package_id}
        fails(sapi, "POST", f"{path}/recommendations", "doctor", body, 409, "package_not_published")
    fails(
        sapi,
        "POST",
        f"{path}/recommendations",
        "doctor",
        {"package_id": str(uuid4())},
        404,
        "not_found",
    )
    assert sapi.get(path, "staff")["recommended_package_ids"] == []


def test_given_a_patient_when_proxies_and_consents_break_rules_then_problems(sapi: Api) -> None:
    patient_id = sapi.patient()
    path = f"/patients/{patient_id}"
    etag = sapi.call("GET", path, "staff").headers["etag"]
    fails(sapi, "DELETE", f"{path}/proxies/stranger", "staff", None, 403, "proxy_not_authorised")
    fails(
        sapi,
        "DELETE",
        f"{path}/proxies/stranger",
        f"patient:{patient_id}",
        None,
        403,
        "proxy_not_authorised",
    )
    bad = {"user_id": "x", "relation": "child", "permissions": ["teleport"]}
    fails(sapi, "POST", f"{path}/proxies", "staff", bad, 422, "validation_error")
    fails(
        sapi, "POST", f"{path}/proxies", "staff", {**bad, "permissions": []}, 422, "invalid_input"
    )
    consent = {"purpose": "marketing_spam", "given": True}
    fails(sapi, "POST", f"{path}/consents", "staff", consent, 422, "validation_error")
    assert sapi.call("GET", path, "staff").headers["etag"] == etag
    register = {
        "name": "x",
        "sex": "robot",
        "birth_date": "1948-04-02",
        "phone": "1",
        "id_document_type": "resident_id",
        "id_number": "1",
    }
    fails(sapi, "POST", "/patients", "staff", register, 422, "validation_error")


def test_given_episodes_for_unknown_patients_or_programmes_then_404_and_422(sapi: Api) -> None:
    patient_id = sapi.register_patient()
    body = {
        "patient_id": str(uuid4()),
        "department": "endocrinology",
        "condition": {"code": "E11", "label": "DM"},
        "care_team_id": "t",
        "programme": "general",
    }
    fails(sapi, "POST", "/episodes", "doctor", body, 404, "not_found")
    magic = {**body, "patient_id": patient_id, "programme": "magic"}
    fails(sapi, "POST", "/episodes", "nurse", magic, 422, "validation_error")
    assert sapi.get(f"/patients/{patient_id}", "staff")["episode_ids"] == []
