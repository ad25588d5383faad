"""Views of patients (ID number masked) and episodes, and the packages offered."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from application.base import CarepackBase
from application.views.base import EpisodeRecord, PatientAccess, PatientRecord, plain
from application.views.catalogue import packages
from domain.episode import STAGES, TRANSITIONS, PatientEpisode
from domain.patient import Patient


def patient(app: CarepackBase, patient_id: UUID) -> PatientRecord:
    """The patient with the ID number masked (product §5)."""
    found = app.load(Patient, patient_id)
    data = {
        "id": str(found.id),
        "name": found.name,
        "sex": found.sex,
        "birth_date": found.birth_date.isoformat(),
        "phone": found.phone,
        "id_document_type": found.id_document_type,
        "id_number": found.masked_id_number,
        "department": found.department or None,
        "proxies": [
            {"user_id": user, **plain(detail)} for user, detail in sorted(found.proxies.items())
        ],
        "consents": sorted(found.consents),
        "episode_ids": [str(e) for e in found.episode_ids],
        "subscription_ids": [str(s) for s in found.subscription_ids],
    }
    return PatientRecord(data, found.version, patient_id=found.id)


def patient_access(app: CarepackBase, patient_id: UUID) -> PatientAccess:
    """Whose scope the patient is in (product §5): the departments of its episodes, or before
    any episode the registering one (none for a patient registered before it was kept)."""
    found = app.load(Patient, patient_id)
    departments = {
        found.episode_departments.get(e) or app.load(PatientEpisode, e).department
        for e in found.episode_ids
    }
    if not found.episode_ids and found.department:
        departments = {found.department}
    proxies = {user: list(d["permissions"]) for user, d in found.proxies.items()}
    return PatientAccess(found.id, frozenset(departments), proxies)


def episode(app: CarepackBase, episode_id: UUID) -> EpisodeRecord:
    found = app.load(PatientEpisode, episode_id)
    data = {
        "id": str(found.id),
        "patient_id": str(found.patient_id),
        "department": found.department,
        "condition": {"code": found.condition_code, "label": found.condition_label},
        "care_team_id": found.care_team_id,
        "programme": found.programme,
        "stage": found.stage,
        # The moves the rules allow from here (DESIGN 2.2), in the stages' order.
        "allowed_moves": [stage for stage in STAGES if stage in TRANSITIONS[found.stage]],
        "outcome": found.outcome,
        "risk_tier": found.risk_tier,
        "computed_tier": found.computed_tier,
        "nrs2002_total": found.nrs2002_total,
        "care_plan": plain(found.care_plan),
        "observations": plain(found.observations),
        "follow_ups": [{"id": str(k), **plain(v)} for k, v in found.follow_ups.items()],
        "recommended_package_ids": [str(p) for p in found.recommended_package_ids],
    }
    return EpisodeRecord(
        data, found.version, patient_id=found.patient_id, department=found.department
    )


def episode_patient_id(app: CarepackBase, episode_id: UUID) -> UUID:
    patient_id: UUID = app.load(PatientEpisode, episode_id).patient_id
    return patient_id


def offers(
    app: CarepackBase, patient_id: UUID, departments: list[str] | None = None
) -> list[dict[str, Any]]:
    """Published packages whose disease codes match one of the patient's open episodes
    (only those in `departments`, if given: another department's condition stays there)."""
    found = app.load(Patient, patient_id)
    codes = set()
    for episode_id in found.episode_ids:
        ep = app.load(PatientEpisode, episode_id)
        if ep.is_open and (departments is None or ep.department in departments):
            codes.add(ep.condition_code)
    published = packages(app, status="published")
    return [p for p in published if codes & set(p["disease_codes"])]
