"""Data scope (product §5): the registering department, episodes by their own department, and
break-the-glass with a stated reason, logged as an emergency and listed for auditors."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any
from urllib.parse import quote
from uuid import uuid4

import pytest

from api.auth import mint_token
from domain.patient import Patient
from projections.audit.access_log import verify_access_log
from tests.api.dsl import DEPT, OTHER_DEPT, Api, is_problem
from tests.fixtures import STAFF, ctx

OBSERVATION = {
    "code": "body_weight",
    "value": "58",
    "unit": "kg",
    "observed_at": "2026-03-02T09:00:00+08:00",
}
REASON = "Unconscious in A&E, no relative reachable"


def head(api: Api) -> int:
    return int(api.client.app.state.carepack.recorder.max_notification_id() or 0)


def glass(reason: str = REASON) -> dict[str, str]:
    return {"X-Access-Reason": reason}


def episode_body(patient_id: str, department: str = OTHER_DEPT, code: str = "C16") -> Any:
    return {
        "patient_id": patient_id,
        "department": department,
        "condition": {"code": code, "label": "Gastric cancer"},
        "care_team_id": "onc-team-1",
        "programme": "oncology_nutrition",
    }


def oncology_episode(api: Api, patient_id: str) -> str:
    """An oncology doctor opens an episode for an endocrinology patient, breaking the glass."""
    opened = api.call("POST", "/episodes", "other-dept:doctor", episode_body(patient_id),
                      201, **glass())  # fmt: skip
    episode_id: str = opened.json()["id"]
    return episode_id


def emergencies(api: Api, patient_id: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = api.get(
        f"/audit/access-log?patient_id={patient_id}&emergency=true", "auditor"
    )["items"]
    return found


def test_given_a_patient_without_episodes_then_only_the_registering_department_reaches_them(
    api: Api,
) -> None:
    patient_id = api.register_patient()  # by endocrinology staff
    assert api.get(f"/patients/{patient_id}", "nurse")["department"] == DEPT
    before = head(api)

    for method, path, body in (
        ("GET", f"/patients/{patient_id}", None),
        ("POST", f"/patients/{patient_id}/consents", {"purpose": "care_management", "given": True}),
        ("GET", f"/patients/{patient_id}/timeline", None),
    ):
        refused = api.call(method, path, "other-dept:staff", body, expect=0)
        assert "X-Access-Reason" in is_problem(refused, 403, "out_of_scope")["detail"]
    assert head(api) == before


def test_given_staff_of_several_departments_when_registering_then_they_name_one_of_theirs(
    api: Api,
) -> None:
    both = mint_token(api.settings, "staff-ma", ["service_staff"], [DEPT, OTHER_DEPT])
    person = {"name": "李四", "sex": "male", "birth_date": "1950-01-01", "phone": "1",
              "id_document_type": "passport", "id_number": "E1234567"}  # fmt: skip
    headers = {"Authorization": f"Bearer {both}"}
    before = head(api)

    unnamed = api.client.post("/api/v1/patients", json=person, headers=headers)
    foreign = api.client.post("/api/v1/patients", json={**person, "department": "cardiology"},
                              headers=headers)  # fmt: skip
    assert head(api) == before
    made = api.client.post("/api/v1/patients", json={**person, "department": OTHER_DEPT},
                           headers=headers)  # fmt: skip

    is_problem(unnamed, 422, "department_required")
    is_problem(foreign, 403, "forbidden")
    assert made.status_code == 201 and made.json()["department"] == OTHER_DEPT
    patient_id = made.json()["id"]
    api.get(f"/patients/{patient_id}", "other-dept:nurse")
    is_problem(api.call("GET", f"/patients/{patient_id}", "nurse", expect=0), 403, "out_of_scope")


def test_given_episodes_in_two_departments_then_each_is_reached_by_its_own_department_only(
    api: Api,
) -> None:
    patient_id = api.patient()  # an endocrinology episode
    endo = api.get(f"/patients/{patient_id}", "staff")["episode_ids"][0]
    onc = oncology_episode(api, patient_id)
    before = head(api)

    # The patient is in oncology's scope now, but the endocrinology episode is not.
    api.get(f"/patients/{patient_id}", "other-dept:nurse")
    api.get(f"/episodes/{onc}", "other-dept:nurse")
    for method, path, who, body in (
        ("GET", f"/episodes/{endo}", "other-dept:nurse", None),
        ("POST", f"/episodes/{endo}/observations", "other-dept:nurse", OBSERVATION),
        ("POST", f"/episodes/{endo}/stage", "other-dept:doctor", {"to": "consulting"}),
    ):
        is_problem(api.call(method, path, who, body, expect=0), 403, "out_of_scope")
        assert head(api) == before
    is_problem(api.call("GET", f"/episodes/{onc}", "nurse", expect=0), 403, "out_of_scope")

    # Breaking the glass: allowed, and the reason is on record.
    api.call("POST", f"/episodes/{endo}/observations", "other-dept:nurse", OBSERVATION, 201,
             **glass())  # fmt: skip
    assert head(api) > before
    assert [(e["actor"], e["resource"]) for e in emergencies(api, patient_id)][-1] == (
        "nurse-li-2",
        f"POST /api/v1/episodes/{endo}/observations",
    )


def test_given_a_patient_outside_the_scope_when_opening_an_episode_then_a_reason_is_needed(
    api: Api,
) -> None:
    patient_id = api.patient()
    before = head(api)

    refused = api.call("POST", "/episodes", "other-dept:doctor", episode_body(patient_id),
                       expect=0)  # fmt: skip
    is_problem(refused, 403, "out_of_scope")
    assert head(api) == before
    assert len(api.get(f"/patients/{patient_id}", "staff")["episode_ids"]) == 1
    assert emergencies(api, patient_id) == []

    oncology_episode(api, patient_id)

    (entry,) = emergencies(api, patient_id)
    assert (entry["actor"], entry["role"], entry["outcome"]) == ("dr-wang-2", "doctor", "allowed")
    assert (entry["resource"], entry["reason"], entry["emergency"]) == (
        "POST /api/v1/episodes",
        REASON,
        True,
    )
    ordinary = api.get(f"/audit/access-log?patient_id={patient_id}&emergency=false", "auditor")
    assert all(not e["emergency"] and e["reason"] == "" for e in ordinary["items"])
    assert {e["outcome"] for e in ordinary["items"]} == {"allowed", "denied"}
    assert verify_access_log(api.client.app.state.read_engine).ok


def test_given_reasons_in_utf8_percent_encoded_or_unusable_then_text_is_kept_or_422(
    api: Api,
) -> None:
    patient_id = api.register_patient()
    path = f"/api/v1/patients/{patient_id}"
    who = api.headers("other-dept:staff")
    chinese = "急诊抢救，家属无法联系"

    raw = api.client.get(path, headers={**who, "X-Access-Reason": chinese.encode()})  # type: ignore[dict-item]
    encoded = api.client.get(path, headers={**who, "X-Access-Reason": quote(chinese)})
    bad = [
        api.client.get(path, headers={**who, "X-Access-Reason": value})
        for value in ("   ", "x" * 501, "line\x01break", "%FF%FE")
    ]

    assert raw.status_code == encoded.status_code == 200, (raw.text, encoded.text)
    for answer in bad:
        is_problem(answer, 422, "invalid_access_reason")
    assert [e["reason"] for e in emergencies(api, patient_id)] == [chinese, chinese]


def test_given_episodes_in_two_departments_when_reading_the_timeline_and_offers_then_own_only(
    api: Api,
) -> None:
    onc_package = api.publish_package(code="ONC-NUTRI", disease_codes=["C16"])
    endo_package = api.publish_package()
    patient_id = api.patient()
    oncology_episode(api, patient_id)
    at = head(api)
    timeline = f"/patients/{patient_id}/timeline?after={at}"

    own = api.get(timeline, "nurse")["items"]
    whole = api.call("GET", timeline, "nurse", **glass()).json()["items"]
    offers = [p["id"] for p in api.get(f"/patients/{patient_id}/offers", "nurse")["items"]]
    all_offers = api.call("GET", f"/patients/{patient_id}/offers", "nurse", **glass()).json()

    assert not any("oncology" in entry["summary"] for entry in own)
    assert any(entry["summary"].startswith("Episode opened in oncology") for entry in whole)
    assert any(entry["summary"].startswith("Episode opened in endocrinology") for entry in own)
    assert offers == [endo_package]
    assert {p["id"] for p in all_offers["items"]} == {endo_package, onc_package}
    mine = [e for e in emergencies(api, patient_id) if e["actor"] == "nurse-li"]
    assert [e["resource"].split("?")[0] for e in mine] == [
        f"GET /api/v1/patients/{patient_id}/timeline",
        f"GET /api/v1/patients/{patient_id}/offers",
    ]


def test_the_openapi_document_names_the_reason_header_on_every_operation_that_honours_it(
    api: Api,
) -> None:
    document = api.client.get("/schema/openapi.json").json()
    honouring = {
        operation["operationId"]
        for item in document["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict)
        and any(p.get("name") == "X-Access-Reason" for p in operation.get("parameters", []))
    }
    assert honouring == {
        "getPatient", "authoriseProxy", "revokeProxy", "setConsent", "listPatientOffers",
        "patientTimeline", "patientOverview", "openEpisode", "getEpisode", "moveEpisode",
        "recordScreening",
        "setCarePlan", "recordObservation", "scheduleFollowUp", "completeFollowUp",
        "recommendPackage", "purchaseSubscription", "getSubscription",
        "recordEnrolmentConsultation", "submitIntake", "cancelSubscription", "getEntitlements",
        "claimRedemption",
        "requestRefund", "receiveReceipt", "reverseRedemption", "upholdRedemption", "getRefund",
        "agreeRefund", "approveRefund", "rejectRefund", "withdrawRefund",
    }  # fmt: skip


def registered_before_departments(api: Api) -> str:
    """A patient whose `Registered` event is stored in its version-1 shape (no department)."""
    app = api.client.app.state.carepack
    person = {"name": "赵六", "sex": "female", "birth_date": date(1940, 1, 1), "phone": "1",
              "id_document_type": "resident_id", "id_number": "110101194001011234"}  # fmt: skip
    patient = Patient.register(uuid4(), **person, department="x", ctx=ctx(STAFF))  # type: ignore[arg-type]
    (event,) = patient.collect_events()
    stored = app.mapper.to_stored_event(event)
    state = app.mapper.transcoder.decode(stored.state)
    del state["department"], state["class_version"]
    v1 = replace(stored, state=app.mapper.transcoder.encode(state))
    app.recorder.insert_events([v1])
    return str(patient.id)


def test_given_a_patient_registered_before_departments_were_kept_then_only_glass_reaches_them(
    api: Api,
) -> None:
    patient_id = registered_before_departments(api)

    is_problem(api.call("GET", f"/patients/{patient_id}", "nurse", expect=0), 403, "out_of_scope")
    shown = api.call("GET", f"/patients/{patient_id}", "nurse", **glass()).json()
    assert (shown["name"], shown["department"]) == ("赵六", None)
    # Opening an episode (with a reason) brings them into that department's scope.
    api.call("POST", "/episodes", "doctor", episode_body(patient_id, DEPT, "E11"), 201, **glass())
    api.get(f"/patients/{patient_id}", "nurse")
    assert [e["actor"] for e in emergencies(api, patient_id)] == ["nurse-li", "dr-wang"]


@pytest.mark.parametrize("who", ["nurse", "admin", "patient:{p}"])
def test_an_unknown_patient_s_timeline_is_404_for_every_role(sapi: Api, who: str) -> None:
    nobody = str(uuid4())
    answer = sapi.call("GET", f"/patients/{nobody}/timeline", who.format(p=nobody), None, 404)
    assert answer.json()["code"] == "not_found"
