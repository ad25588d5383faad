"""The code systems, identifier systems and code maps the FHIR mappings use, in one place."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import quote

# Carepack's own namespaces (a reserved `.example` host: these are names, not addresses).
CAREPACK = "https://carepack.example/fhir"
SID = f"{CAREPACK}/sid"
CS = f"{CAREPACK}/CodeSystem"
SD = f"{CAREPACK}/StructureDefinition"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203"
ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason"
PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
DICOM = "http://dicom.nema.org/resources/ontology/DCM"
AUDIT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type"
RESTFUL = "http://hl7.org/fhir/restful-interaction"
AUDIT_OUTCOME = "http://terminology.hl7.org/CodeSystem/audit-event-outcome"
OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role"
SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type"
PAYMENT_TYPE = "http://terminology.hl7.org/CodeSystem/payment-type"
USAGE_CONTEXT = "http://terminology.hl7.org/CodeSystem/usage-context-type"
LOINC = "http://loinc.org"

# Episode stages (product §2.2) as EpisodeOfCare.status.
EPISODE_STATUS = {
    "registered": "planned",
    "consulting": "active",
    "admitted": "active",
    "discharged": "active",
    "follow_up": "active",
    "closed": "finished",
    "cancelled": "cancelled",
}
# Package review states (product §2.3) as the publication status of a ChargeItemDefinition.
PACKAGE_STATUS = {
    "draft": "draft",
    "in_review": "draft",
    "approved": "draft",
    "rejected": "draft",
    "published": "active",
    "delisted": "retired",
}
# Redemption states (product §2.5) as ChargeItem.status.
REDEMPTION_STATUS = {
    "redeemed": "billable",
    "confirmed": "billable",
    "upheld": "billable",
    "claimed": "planned",
    "disputed": "planned",
    "reversed": "aborted",
}
SEX = {"male": "male", "female": "female", "other": "other"}
# ID documents: a national identifier, else a passport, else "other".
ID_DOCUMENT = {"resident_id": "NI", "passport": "PPN"}
# Consent purposes as purposes of use (v3 ActReason), beside Carepack's own code.
PURPOSE = {"care_management": "CAREMGT", "data_sharing_with_provider": "HOPERAT"}


def instant(moment: datetime) -> str:
    """An aware time as a FHIR instant (UTC; a naive one is taken as UTC, as stored)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat()


def day(value: date | datetime | str) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    return value if isinstance(value, str) else value.isoformat()


def fhir_code(text: str) -> str:
    """A FHIR `code` (no leading, trailing or repeated whitespace) from any text the domain
    accepts: whitespace and `%` are percent-encoded (UTF-8), so distinct texts stay distinct
    and a plain code (`E11`, `follow_up`) is unchanged."""
    return "".join(quote(ch, safe="") if ch.isspace() or ch == "%" else ch for ch in text)


def url_part(text: str) -> str:
    """Text as one segment of a URL (canonical URLs of packages carry their code)."""
    return quote(text, safe="")


def coding(system: str, code: str, display: str | None = None) -> dict[str, Any]:
    found = {"system": system, "code": fhir_code(code)}
    return found if display is None else {**found, "display": display}


def concept(system: str, code: str, display: str | None = None) -> dict[str, Any]:
    return {"coding": [coding(system, code, display)]}


def logical(kind: str, value: str, display: str | None = None) -> dict[str, Any]:
    """A reference by identifier to something Carepack does not serve as a resource."""
    found: dict[str, Any] = {"identifier": {"system": f"{SID}/{kind}", "value": value}}
    return found if display is None else {**found, "display": display}


def meta(last_updated: datetime | None) -> dict[str, Any]:
    return {} if last_updated is None else {"meta": {"lastUpdated": instant(last_updated)}}


def fhir_id(text: str) -> str:
    """An id FHIR accepts ([A-Za-z0-9.-]{1,64}): Carepack's underscores become hyphens."""
    return text.replace("_", "-")
