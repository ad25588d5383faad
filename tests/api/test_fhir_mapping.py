"""The FHIR mappings are pure functions: each checked on its own, and valid R5 with every
code in its value set (`fhir_checks`)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from api.fhir import audit, care, money
from api.fhir.search import SearchError, date_range
from domain.episode import STAGES
from tests.api.fhir_checks import check_resource

T = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PATIENT = "6f1c0000-0000-4000-8000-000000000001"
EPISODE: dict[str, Any] = {
    "id": "6f1c0000-0000-4000-8000-000000000002", "patient_id": PATIENT,
    "department": "oncology", "condition": {"code": "C16", "label": "Gastric cancer"},
    "care_team_id": "onc-team", "programme": "oncology_nutrition", "stage": "follow_up",
    "outcome": None, "risk_tier": "malnourished",
}  # fmt: skip
ISSUE_STATUS = {
    "registered": "planned", "consulting": "active", "admitted": "active",
    "discharged": "active", "follow_up": "active", "closed": "finished",
    "cancelled": "cancelled",
}  # fmt: skip


@pytest.mark.parametrize("stage", sorted(STAGES))
def test_given_each_stage_then_the_episode_has_the_issues_fhir_status(stage: str) -> None:
    found = care.episode_of_care({**EPISODE, "stage": stage}, [care.StageChange(stage, T)], T)
    assert found["status"] == ISSUE_STATUS[stage]
    check_resource(found)


def test_given_stage_moves_then_status_history_has_one_span_per_fhir_status() -> None:
    moves = ["registered", "consulting", "admitted", "discharged", "follow_up", "closed"]
    changes = [care.StageChange(s, T + timedelta(days=i)) for i, s in enumerate(moves)]
    history = care.status_history(changes)
    assert [h["status"] for h in history] == ["planned", "active", "finished"]
    assert history[0]["period"] == {
        "start": T.isoformat(),
        "end": (T + timedelta(days=1)).isoformat(),
    }
    assert history[1]["period"]["end"] == (T + timedelta(days=5)).isoformat()
    assert "end" not in history[2]["period"]
    closed = care.episode_of_care({**EPISODE, "stage": "closed", "outcome": "stable"}, changes, T)
    assert closed["period"] == {"start": T.isoformat(), "end": (T + timedelta(days=5)).isoformat()}
    check_resource(closed)


def test_given_an_episode_then_condition_department_team_and_tier_are_mapped() -> None:
    found = care.episode_of_care(EPISODE, [care.StageChange("registered", T)], T)
    coding = found["diagnosis"][0]["condition"][0]["concept"]["coding"][0]
    assert coding == {"system": "http://hl7.org/fhir/sid/icd-10", "code": "C16",
                      "display": "Gastric cancer"}  # fmt: skip
    assert found["reason"][0]["value"][0]["concept"]["coding"][0]["code"] == "C16"
    assert found["managingOrganization"]["identifier"]["value"] == "oncology"
    assert found["careTeam"][0]["identifier"]["value"] == "onc-team"
    assert found["patient"] == {"reference": f"Patient/{PATIENT}"}
    (tier,) = found["extension"]
    assert tier["url"].endswith("/nutrition-risk-tier")
    assert tier["valueCoding"]["code"] == "malnourished"


def test_given_a_patient_then_the_identifier_is_the_masked_number_and_nothing_else() -> None:
    data = {"id": PATIENT, "name": "王秀英", "sex": "female", "birth_date": "1948-04-02",
            "phone": "13800000000", "id_document_type": "resident_id",
            "id_number": "**************1234", "department": "endocrinology"}  # fmt: skip
    found = care.patient(data, T)
    (identifier,) = found["identifier"]
    assert identifier["value"] == "**************1234"
    assert identifier["type"]["coding"][0]["code"] == "NI"
    assert found["gender"] == "female" and found["birthDate"] == "1948-04-02"
    assert found["meta"]["lastUpdated"] == T.isoformat()
    check_resource(found)
    other = care.patient({**data, "id_document_type": "hk_macau_permit", "sex": "unknown"}, T)
    assert other["identifier"][0]["type"] == {"text": "hk_macau_permit"}
    check_resource(other)


@pytest.mark.parametrize("purpose", ["care_management", "data_sharing_with_provider"])
@pytest.mark.parametrize("given", [True, False])
def test_given_a_consent_decision_then_r5_decision_and_purpose(purpose: str, given: bool) -> None:
    found = care.consent(PATIENT, purpose, given, T)
    assert found["decision"] == ("permit" if given else "deny")
    assert found["status"] == ("active" if given else "inactive")
    assert found["provision"][0]["purpose"][-1]["code"] == purpose
    assert len(found["id"]) <= 64
    check_resource(found)


PACKAGE: dict[str, Any] = {
    "id": "6f1c0000-0000-4000-8000-000000000003", "code": "DM-ANNUAL", "version": 2,
    "name": "Diabetes annual", "status": "published", "description": "A year of care",
    "disease_codes": ["E11"], "price": {"amount": "1999.00", "currency": "CNY"},
    "items": [{"code": "escort", "name": "Escort", "kind": "per_use", "quantity": 2,
               "weight": 300, "redemption": "manual"}],
}  # fmt: skip


@pytest.mark.parametrize(
    ("status", "fhir"),
    [("draft", "draft"), ("in_review", "draft"), ("approved", "draft"), ("rejected", "draft"),
     ("published", "active"), ("delisted", "retired")],
)  # fmt: skip
def test_given_a_package_then_a_charge_item_definition(status: str, fhir: str) -> None:
    found = money.charge_item_definition({**PACKAGE, "status": status}, 1, T)
    assert found["status"] == fhir and found["version"] == "2"
    assert found["replaces"] == ["https://carepack.example/fhir/ChargeItemDefinition/DM-ANNUAL|1"]
    base = found["propertyGroup"][0]["priceComponent"][0]
    assert base == {"type": "base", "amount": {"value": Decimal("1999.00"), "currency": "CNY"}}
    item = found["propertyGroup"][1]["priceComponent"][0]
    assert item["code"]["coding"][0]["code"] == "escort" and item["factor"] == 2
    check_resource(found)


def test_given_fen_then_money_is_an_exact_decimal() -> None:
    assert money.amount(199_901, "CNY") == {"value": Decimal("1999.01"), "currency": "CNY"}


def _entry(**changes: Any) -> dict[str, Any]:
    row = {"position": 7, "originator_id": PATIENT, "originator_version": 2,
           "aggregate_type": "Patient", "event_type": "ContactChanged", "occurred_at": T,
           "actor_id": "nurse-li", "actor_role": "nurse", "patient_id": PATIENT,
           "correlation_id": "c-1", "summary": "contact changed", "hash": "ab" * 32}  # fmt: skip
    return {**row, **changes}


@pytest.mark.parametrize(
    ("changes", "action", "code"),
    [({"originator_version": 1}, "C", "create"), ({}, "U", "update"),
     ({"actor_id": "system", "actor_role": "system"}, "E", "update")],
)  # fmt: skip
def test_given_an_audit_entry_then_balp_shape(
    changes: dict[str, Any], action: str, code: str
) -> None:
    found = audit.from_entry(_entry(**changes))
    assert found["action"] == action
    assert found["code"]["coding"][0]["code"] == code
    assert found["patient"] == {"reference": f"Patient/{PATIENT}"}
    user = [a for a in found["agent"] if a["requestor"]]
    assert [u["who"]["identifier"]["value"] for u in user] == [changes.get("actor_id", "nurse-li")]
    check_resource(found)


def _access(**changes: Any) -> dict[str, Any]:
    row = {"seq": 3, "at": T, "actor": "nurse-li", "role": "nurse", "patient_id": PATIENT,
           "resource": f"GET /api/v1/patients/{PATIENT}", "outcome": "allowed",
           "emergency": False, "reason": ""}  # fmt: skip
    return {**row, **changes}


def test_given_access_rows_then_read_or_search_and_emergency_purpose() -> None:
    read = audit.from_access(_access())
    assert read["action"] == "R" and read["code"]["coding"][0]["code"] == "read"
    assert "authorization" not in read
    searched = audit.from_access(_access(resource="GET /fhir/R5/EpisodeOfCare?patient=x"))
    assert searched["code"]["coding"][0]["code"] == "search-type"
    assert searched["entity"][0]["query"]  # base64 of the query, as BALP asks
    fhir_read = audit.from_access(_access(resource=f"GET /fhir/R5/Patient/{PATIENT}"))
    assert fhir_read["code"]["coding"][0]["code"] == "read"
    glass = audit.from_access(_access(emergency=True, reason="unconscious in A&E"))
    (why,) = glass["authorization"]
    assert why["coding"][0]["code"] == "ETREAT" and why["text"] == "unconscious in A&E"
    denied = audit.from_access(_access(outcome="denied", patient_id=None))
    assert denied["outcome"]["code"]["code"] == "4" and "patient" not in denied
    for found in (read, searched, fhir_read, glass, denied):
        check_resource(found)


def test_given_fhir_date_prefixes_then_a_half_open_range() -> None:
    day = datetime(2026, 3, 2, tzinfo=UTC)
    assert date_range(["2026-03-02"]) == date_range(["ge2026-03-02", "lt2026-03-03"])
    wanted = date_range(["gt2026-03-01", "le2026-03-02"])
    assert wanted.start == day and wanted.end == day + timedelta(days=1)
    assert wanted.holds(day) and not wanted.holds(day - timedelta(microseconds=1))
    assert date_range(["ne2026-03-02"]).holds(day) is False
    with pytest.raises(SearchError):
        date_range(["2026-03-02T10:00:00"])  # no zone
    with pytest.raises(SearchError):
        date_range(["yesterday"])
    assert date(2026, 3, 2) == wanted.start.date()


def test_given_codes_with_any_text_the_domain_accepts_then_valid_distinct_fhir_codes() -> None:
    item = PACKAGE["items"][0]
    items = [{**item, "code": "a  b"}, {**item, "code": "a%20b"}]
    odd = {**PACKAGE, "code": "DM\u3000ANNUAL ", "disease_codes": ["E11 "], "items": items}
    found = money.charge_item_definition(odd, 1, T)
    check_resource(found)
    assert found["code"]["coding"][0]["code"] == "DM%E3%80%80ANNUAL%20"
    items = [
        g["priceComponent"][0]["code"]["coding"][0]["code"] for g in found["propertyGroup"][1:]
    ]
    assert items == ["a%20%20b", "a%2520b"]  # distinct texts stay distinct
    assert found["url"].endswith("/DM%E3%80%80ANNUAL%20")
    assert (
        money.charge_item_definition(PACKAGE, None, T)["code"]["coding"][0]["code"] == "DM-ANNUAL"
    )
