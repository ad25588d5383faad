"""End to end: an off-the-shelf FHIR client (fhirpy) against `carepack serve` as a real
process on a fresh PostgreSQL database: a patient's episodes, packages and audit trail,
read by following the search's `next` links a page of one or two at a time."""

from __future__ import annotations

from typing import Any, cast

import httpx
from fhirpy import SyncFHIRClient

from api.auth import mint_token
from application.settings import Settings
from tests.api.dsl import DEPT, SECRET, Api
from tests.api.fhir_checks import check_resource
from tests.e2e.serving import position, read_after


def _client(
    base: str, settings: Settings, sub: str, role: str, patients: list[str]
) -> SyncFHIRClient:
    token = mint_token(settings, sub, [role], [DEPT], patients)
    return SyncFHIRClient(f"{base}/fhir/R5", authorization=f"Bearer {token}")


def _all(found: list[Any]) -> list[dict[str, Any]]:
    resources = [dict(r.serialize()) for r in found]
    for resource in resources:
        check_resource(resource)
    return resources


def test_given_a_served_store_when_fhirpy_pages_through_a_patient_then_it_reads_everything(
    server: tuple[str, str],
) -> None:
    base, url = server
    settings = Settings(database_url=url, jwt_secret=SECRET)
    with httpx.Client(base_url=base, timeout=10) as http:
        api = Api(cast(Any, http), settings)
        patient_id, subscription_id = api.active()
        second = api.open_episode(patient_id, "E10")
        api.post(f"/episodes/{second}/stage", "doctor", {"to": "cancelled", "detail": "duplicate"})
        api.claim(subscription_id)
        api.claim(subscription_id, "escort")
        at = position(api.call("POST", f"/patients/{patient_id}/consents", f"patient:{patient_id}",
                               {"purpose": "care_management", "given": True}))  # fmt: skip
        for path, who in (("/audit/verify", "auditor"), ("/finance/daily", "finance"),
                          (f"/dashboard/summary?department={DEPT}", "nurse")):  # fmt: skip
            read_after(api, path, who, at)

    nurse = _client(base, settings, "nurse-li", "nurse", [])
    episodes = _all(
        nurse.resources("EpisodeOfCare").search(patient=patient_id).limit(1).fetch_all()
    )
    assert len(episodes) == 2
    assert {e["status"] for e in episodes} == {"planned", "cancelled"}

    own = _client(base, settings, f"user-{patient_id}", "patient", [patient_id])
    items = _all(own.resources("ChargeItem").search(patient=patient_id).limit(1).fetch_all())
    assert len(items) == 2 and {i["subject"]["reference"] for i in items} == {
        f"Patient/{patient_id}"
    }
    packages = _all(
        own.resources("ChargeItemDefinition").search(status="active").limit(1).fetch_all()
    )
    assert [p["status"] for p in packages] == ["active"]
    assert items[0]["definitionCanonical"][0].startswith(packages[0]["url"] + "|")

    auditor = _client(base, settings, "aud-zhou", "auditor", [])
    trail = _all(auditor.resources("AuditEvent").search(patient=patient_id).limit(2).fetch_all())
    assert {"C", "U", "R"} <= {e["action"] for e in trail}
    assert len({e["id"] for e in trail}) == len(trail) > 4
