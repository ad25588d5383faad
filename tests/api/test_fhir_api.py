"""FHIR R5 read API: the API's roles and data scope, the access log, paging, errors."""

from __future__ import annotations

from tests.api.dsl import Api
from tests.api.fhir_world import access_rows, every_page, fhir, ids, settle

TYPES = {"Patient", "EpisodeOfCare", "Consent", "ChargeItemDefinition", "ChargeItem",
         "PaymentReconciliation", "AuditEvent"}  # fmt: skip


def _other_patient(api: Api) -> str:
    body = {"name": "李四", "sex": "male", "birth_date": "1950-01-01", "phone": "13900000000",
            "id_document_type": "passport", "id_number": "E12345678"}  # fmt: skip
    patient_id: str = api.post("/patients", "other-dept:staff", body, 201)["id"]
    return patient_id


def test_given_metadata_then_a_capability_statement_of_exactly_what_is_served(api: Api) -> None:
    found = fhir(api, "/metadata", None)
    (rest,) = found["rest"]
    assert {r["type"] for r in rest["resource"]} == TYPES
    episodes = next(r for r in rest["resource"] if r["type"] == "EpisodeOfCare")
    assert {p["name"] for p in episodes["searchParam"]} == {
        "_count",
        "_lastUpdated",
        "patient",
        "status",
    }
    assert found["fhirVersion"] == "5.0.0"


def test_given_a_nurse_then_she_finds_her_departments_patients_only_and_each_is_logged(
    api: Api,
) -> None:
    mine, theirs = api.patient(), _other_patient(api)
    settle(api)
    found, _ = every_page(api, "/Patient", "nurse")
    assert [p["id"] for p in found] == [mine]
    assert found[0]["identifier"][0]["value"].endswith("1234")
    assert "110101194804021234" not in str(found)  # masked as in the API
    rows = access_rows(api, "GET /fhir/R5/Patient")
    assert [(r.actor, r.patient_id) for r in rows] == [("nurse-li", mine)]
    admin, _ = every_page(api, "/Patient", "admin")
    assert {p["id"] for p in admin} == {mine, theirs}


def test_given_a_patient_outside_the_scope_then_403_unless_the_glass_is_broken(api: Api) -> None:
    theirs = _other_patient(api)
    refused = fhir(api, f"/Patient/{theirs}", "nurse", 403)
    assert refused["issue"][0]["code"] == "forbidden"
    assert refused["issue"][0]["details"]["coding"][0]["code"] == "out_of_scope"
    fhir(api, f"/EpisodeOfCare?patient={theirs}", "nurse", 403)
    shown = fhir(
        api, f"/Patient/{theirs}", "nurse", 200, **{"X-Access-Reason": "unconscious in A&E"}
    )
    assert shown["id"] == theirs
    (row,) = [
        r for r in access_rows(api, f"GET /fhir/R5/Patient/{theirs}") if r.outcome == "allowed"
    ]
    assert row.emergency and row.reason == "unconscious in A&E" and row.patient_id == theirs


def test_given_roles_then_the_equivalent_api_reads_roles(api: Api) -> None:
    patient_id = api.patient()
    fhir(api, f"/Patient/{patient_id}", "finance", 403)
    fhir(api, "/AuditEvent", "nurse", 403)
    fhir(api, "/PaymentReconciliation", "nurse", 403)
    fhir(api, "/EpisodeOfCare", f"patient:{patient_id}", 403)
    assert fhir(api, f"/Patient/{patient_id}", f"patient:{patient_id}")["id"] == patient_id
    other = api.patient()
    fhir(api, f"/Patient/{other}", f"patient:{patient_id}", 403)
    settle(api)
    own, _ = every_page(api, "/Patient", f"patient:{patient_id}")
    assert [p["id"] for p in own] == [patient_id]


def test_given_stage_moves_then_the_episode_carries_its_status_history(api: Api) -> None:
    patient_id = api.register_patient()
    episode_id = api.open_episode(patient_id)
    api.post(f"/episodes/{episode_id}/stage", "doctor", {"to": "consulting", "detail": "free"})
    api.post(f"/episodes/{episode_id}/stage", "doctor", {"to": "closed", "detail": "stable"})
    settle(api)
    found = fhir(api, f"/EpisodeOfCare/{episode_id}", "nurse")
    assert found["status"] == "finished"
    assert [h["status"] for h in found["statusHistory"]] == ["planned", "active", "finished"]
    listed = fhir(api, f"/EpisodeOfCare?patient=Patient/{patient_id}&status=finished", "nurse")
    assert ids(listed) == [episode_id]
    assert ids(fhir(api, f"/EpisodeOfCare?patient={patient_id}&status=active", "nurse")) == []


def test_given_more_patients_than_a_page_then_next_links_reach_each_once(api: Api) -> None:
    patients = {api.patient() for _ in range(5)}
    settle(api)
    found, pages = every_page(api, "/Patient?_count=2", "nurse")
    assert sorted(p["id"] for p in found) == sorted(patients)
    assert pages == 3
    rows = access_rows(api, "GET /fhir/R5/Patient")
    assert sorted(r.patient_id for r in rows) == sorted(patients)  # one row per patient shown


def test_given_last_updated_then_only_resources_changed_in_that_range(api: Api) -> None:
    patient_id = api.patient()
    settle(api)
    assert ids(fhir(api, "/Patient?_lastUpdated=ge2000-01-01", "nurse")) == [patient_id]
    assert ids(fhir(api, "/Patient?_lastUpdated=ge2100-01-01", "nurse")) == []
    assert ids(fhir(api, "/Patient?_lastUpdated=lt2000-01-01", "nurse")) == []


def test_given_a_purchase_redemption_and_refund_then_money_resources(api: Api) -> None:
    patient_id, subscription_id = api.active()
    redemption_id = api.claim(subscription_id)
    asked = api.refund(subscription_id, patient_id, {"type": "items", "items": {"escort": 1}})
    api.post(f"/refunds/{asked['refund_id']}/approve", "lead")
    api.call("POST", f"/refunds/{asked['refund_id']}/payments", "mall",
             {"provider_ref": "PAY-FHIR", "status": "paid"})  # fmt: skip
    settle(api)
    item = fhir(api, f"/ChargeItem/{redemption_id}", f"patient:{patient_id}")
    assert item["status"] == "planned" and item["subject"]["reference"] == f"Patient/{patient_id}"
    assert item["definitionCanonical"][0].endswith("|1")
    assert ids(fhir(api, f"/ChargeItem?patient={patient_id}", "finance")) == [redemption_id]
    paid = fhir(api, "/PaymentReconciliation", "finance")
    (payout,) = [e["resource"] for e in paid["entry"]]
    assert payout["paymentIdentifier"]["value"] == "PAY-FHIR"
    packages = fhir(api, "/ChargeItemDefinition?status=active", f"patient:{patient_id}")
    assert len(ids(packages)) == 1


def test_given_reads_then_auditors_find_them_as_balp_audit_events(api: Api) -> None:
    patient_id = api.patient()
    fhir(api, f"/Patient/{patient_id}", "nurse")
    settle(api)
    reads = fhir(api, f"/AuditEvent?patient={patient_id}&action=R&agent=nurse-li", "auditor")
    assert reads["entry"] and all(e["resource"]["action"] == "R" for e in reads["entry"])
    created = fhir(api, f"/AuditEvent?patient={patient_id}&action=C", "auditor")
    assert {e["resource"]["action"] for e in created["entry"]} == {"C"}
    assert fhir(api, "/AuditEvent?date=lt2000-01-01", "auditor").get("entry", []) == []


def test_given_a_consent_then_its_r5_decision_is_served(api: Api) -> None:
    patient_id = api.patient()
    api.post(f"/patients/{patient_id}/consents", f"patient:{patient_id}",
             {"purpose": "data_sharing_with_provider", "given": True})  # fmt: skip
    api.post(f"/patients/{patient_id}/consents", f"patient:{patient_id}",
             {"purpose": "data_sharing_with_provider", "given": False})  # fmt: skip
    settle(api)
    (consent,) = [
        e["resource"] for e in fhir(api, f"/Consent?patient={patient_id}", "nurse")["entry"]
    ]
    assert consent["decision"] == "deny" and consent["status"] == "inactive"
    assert fhir(api, f"/Consent/{consent['id']}", f"patient:{patient_id}")["id"] == consent["id"]


def test_given_bad_requests_then_operation_outcomes_with_the_right_status(api: Api) -> None:
    assert fhir(api, "/Patient?pateint=x", "nurse", 400)["issue"][0]["code"] == "invalid"
    fhir(api, "/Patient?_count=0", "nurse", 400)
    fhir(api, "/Patient?_cursor=bogus", "nurse", 400)
    fhir(api, "/AuditEvent?action=D", "auditor", 400)
    fhir(api, "/AuditEvent?date=yesterday", "auditor", 400)
    assert fhir(api, "/Observation", "nurse", 404)["issue"][0]["code"] == "not-found"
    fhir(api, "/Patient/not-an-id", "nurse", 404)
    fhir(api, "/AuditEvent/event-999999", "auditor", 404)
    assert fhir(api, "/Patient", None, 401)["issue"][0]["code"] == "login"
    response = api.client.post("/fhir/R5/Patient", headers=api.headers("nurse"), json={})
    assert response.status_code == 405
    assert response.json()["resourceType"] == "OperationOutcome"


def test_given_an_auditor_paging_the_access_log_then_her_own_reads_do_not_extend_it(
    api: Api,
) -> None:
    patient_id = api.patient()
    for _ in range(3):
        fhir(api, f"/Patient/{patient_id}", "nurse")
    settle(api)
    # Every page shows the patient, so it adds an access-log row for them: without a
    # snapshot of the log taken on the first page, a page of one would never reach the end.
    url, pages = f"/AuditEvent?patient={patient_id}&action=R&_count=1", 0
    while url and pages < 20:
        page = fhir(api, url, "auditor")
        pages += 1
        links = [link["url"] for link in page["link"] if link["relation"] == "next"]
        url = links[0].split("/fhir/R5", 1)[1] if links else ""
    assert 3 <= pages < 20
