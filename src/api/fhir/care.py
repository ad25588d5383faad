"""Patient, EpisodeOfCare and Consent from the application's views and events (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from api.fhir.codes import (
    ACT_REASON,
    CS,
    EPISODE_STATUS,
    ICD10,
    ID_DOCUMENT,
    LOINC,
    PURPOSE,
    SD,
    SEX,
    SID,
    V2_0203,
    coding,
    concept,
    day,
    fhir_id,
    instant,
    logical,
    meta,
)


@dataclass(frozen=True)
class StageChange:
    """An episode event that moved it to `stage`, at `at` (from its stored events)."""

    stage: str
    at: datetime


def patient(data: dict[str, Any], last_updated: datetime | None) -> dict[str, Any]:
    """`data`: `views.patient` (the ID number already masked, as the API shows it)."""
    kind = data["id_document_type"]
    identifier = {
        "use": "official",
        "type": concept(V2_0203, ID_DOCUMENT[kind]) if kind in ID_DOCUMENT else {"text": kind},
        "system": f"{SID}/id-document/{fhir_id(kind)}",
        "value": data["id_number"],
    }
    found: dict[str, Any] = {
        "resourceType": "Patient",
        "id": data["id"],
        **meta(last_updated),
        "identifier": [identifier],
        "active": True,
        "name": [{"text": data["name"]}],
        "telecom": [{"system": "phone", "value": data["phone"]}] if data.get("phone") else [],
        "gender": SEX.get(data["sex"], "unknown"),
        "birthDate": data["birth_date"],
    }
    if data.get("department"):
        found["managingOrganization"] = logical("department", data["department"])
    return {k: v for k, v in found.items() if v != []}


def status_history(changes: list[StageChange]) -> list[dict[str, Any]]:
    """One entry per FHIR status the episode held, each ending where the next begins."""
    spans: list[tuple[str, datetime]] = []
    for change in changes:
        status = EPISODE_STATUS[change.stage]
        if not spans or spans[-1][0] != status:
            spans.append((status, change.at))
    history = []
    for index, (status, start) in enumerate(spans):
        period = {"start": instant(start)}
        if index + 1 < len(spans):
            period["end"] = instant(spans[index + 1][1])
        history.append({"status": status, "period": period})
    return history


def episode_of_care(
    data: dict[str, Any], changes: list[StageChange], last_updated: datetime | None
) -> dict[str, Any]:
    """`data`: `views.episode`; `changes`: its stage-moving events in order."""
    condition = {"concept": concept(ICD10, data["condition"]["code"], data["condition"]["label"])}
    history = status_history(changes)
    period = {"start": history[0]["period"]["start"]} if history else {}
    if history and "end" not in history[-1]["period"] and data["stage"] in ("closed", "cancelled"):
        period["end"] = history[-1]["period"]["start"]
    found: dict[str, Any] = {
        "resourceType": "EpisodeOfCare",
        "id": data["id"],
        **meta(last_updated),
        "status": EPISODE_STATUS[data["stage"]],
        "statusHistory": history,
        "type": [concept(f"{CS}/programme", data["programme"])],
        "reason": [{"value": [condition]}],
        "diagnosis": [{"condition": [condition]}],
        "patient": {"reference": f"Patient/{data['patient_id']}"},
        "managingOrganization": logical("department", data["department"]),
        "careTeam": [logical("care-team", data["care_team_id"])],
    }
    if period:
        found["period"] = period
    extensions = []
    if data.get("risk_tier"):
        tier = coding(f"{CS}/nutrition-risk-tier", data["risk_tier"])
        extensions.append({"url": f"{SD}/nutrition-risk-tier", "valueCoding": tier})
    if data.get("outcome"):
        outcome = coding(f"{CS}/episode-outcome", data["outcome"])
        extensions.append({"url": f"{SD}/episode-outcome", "valueCoding": outcome})
    if extensions:
        found["extension"] = extensions
    return found


def consent_id(patient_id: str, purpose: str) -> str:
    return f"{patient_id}-{fhir_id(purpose)}"


def consent(patient_id: str, purpose: str, given: bool, at: datetime) -> dict[str, Any]:
    """The latest ConsentGiven or ConsentWithdrawn of one purpose of one patient."""
    purposes = [coding(f"{CS}/consent-purpose", purpose)]
    if purpose in PURPOSE:
        purposes.insert(0, coding(ACT_REASON, PURPOSE[purpose]))
    return {
        "resourceType": "Consent",
        "id": consent_id(patient_id, purpose),
        **meta(at),
        "status": "active" if given else "inactive",
        "category": [concept(LOINC, "59284-0", "Consent Document")],
        "subject": {"reference": f"Patient/{patient_id}"},
        "date": day(at),
        "decision": "permit" if given else "deny",
        "provision": [{"purpose": purposes}],
    }
