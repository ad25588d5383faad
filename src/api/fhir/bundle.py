"""Searchset Bundles, OperationOutcomes, the CapabilityStatement, and FHIR JSON (pure)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from api.fhir.codes import CS, concept, instant
from api.fhir.search import Built, Source

FHIR_JSON = "application/fhir+json"
SECURITY_SERVICE = "http://hl7.org/fhir/restful-security-service"
# Decimals (money, quantities) as JSON numbers with their digits, as FHIR requires.
_ENCODER = msgspec.json.Encoder(decimal_format="number")

# HTTP status -> OperationOutcome.issue.code (http://hl7.org/fhir/issue-type).
ISSUE_TYPE = {
    400: "invalid", 401: "login", 403: "forbidden", 404: "not-found", 405: "not-supported",
    406: "not-supported", 409: "conflict", 410: "deleted", 412: "conflict", 413: "too-costly",
    415: "not-supported", 422: "invalid", 429: "throttled",
}  # fmt: skip


def encode(resource: dict[str, Any]) -> bytes:
    return _ENCODER.encode(resource)


def searchset(
    base: str, self_url: str, built: list[Built], next_url: str | None, now: datetime
) -> dict[str, Any]:
    links = [{"relation": "self", "url": self_url}]
    if next_url is not None:
        links.append({"relation": "next", "url": next_url})
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "timestamp": instant(now),
        "link": links,
        "entry": [
            {
                "fullUrl": f"{base}/{b.resource['resourceType']}/{b.resource['id']}",
                "resource": b.resource,
                "search": {"mode": "match"},
            }
            for b in built
        ],
    }


def outcome(status: int, code: str, detail: str) -> dict[str, Any]:
    """An OperationOutcome for an HTTP error, with Carepack's stable problem code."""
    return {
        "resourceType": "OperationOutcome",
        "issue": [
            {
                "severity": "fatal" if status >= 500 else "error",
                "code": ISSUE_TYPE.get(status, "exception" if status >= 500 else "processing"),
                "details": {
                    "coding": [{"system": f"{CS}/problem", "code": code}],
                    "text": detail,
                },
                "diagnostics": detail,
            }
        ],
    }


def capability(sources: list[Source], published: datetime, software_version: str) -> dict[str, Any]:
    """What this server supports, and nothing else: read and search-type per resource type."""
    common = [
        {"name": "_count", "type": "number"},
        {"name": "_lastUpdated", "type": "date"},
    ]
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": instant(published),
        "kind": "instance",
        "software": {"name": "Carepack", "version": software_version},
        "implementation": {"description": "Carepack FHIR R5 read API"},
        "fhirVersion": "5.0.0",
        "format": ["json"],
        "rest": [
            {
                "mode": "server",
                "security": {
                    "service": [concept(SECURITY_SERVICE, "OAuth")],
                    "description": "Bearer JWT; the roles and data scope of the Carepack API.",
                },
                "resource": [
                    {
                        "type": s.resource_type,
                        "interaction": [{"code": "read"}, {"code": "search-type"}],
                        "versioning": "no-version",
                        "readHistory": False,
                        "searchParam": common
                        + [{"name": n, "type": t} for n, t in s.parameters.items()],
                    }
                    for s in sources
                ],
            }
        ],
    }
