"""AuditEvent, shaped per IHE BALP (translated to R5), from the audit trail and access log.

One per audit-trail entry (action C for an aggregate's first event, E for what the system
did by itself — expiry, system approvals —, U for the rest) and one per access-log row
(action R: `read` when one resource was asked for, `search-type` otherwise). Pure.
"""

from __future__ import annotations

import base64
import re
from datetime import datetime
from typing import Any

from api.fhir.codes import (
    ACT_REASON,
    AUDIT_OUTCOME,
    AUDIT_TYPE,
    CS,
    DICOM,
    OBJECT_ROLE,
    PARTICIPATION,
    RESTFUL,
    SID,
    SOURCE_TYPE,
    coding,
    concept,
    instant,
    logical,
    meta,
)
from domain.context import SYSTEM

_ONE_RESOURCE = re.compile(
    r"/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|fhir/R5/[A-Za-z]+/[^/]+)$"
)
SUCCESS = coding(AUDIT_OUTCOME, "0", "Success")
MINOR_FAILURE = coding(AUDIT_OUTCOME, "4", "Minor failure")
REST = concept(AUDIT_TYPE, "rest", "Restful Operation")


def _source() -> dict[str, Any]:
    return {
        "observer": {"identifier": {"system": f"{SID}/system", "value": "carepack"},
                     "display": "Carepack"},
        "type": [concept(SOURCE_TYPE, "4", "Application Server")],
    }  # fmt: skip


def _client() -> dict[str, Any]:
    return {
        "type": concept(DICOM, "110150", "Application"),
        "who": {"identifier": {"system": f"{SID}/system", "value": "carepack-api"}},
        "requestor": False,
    }


def _user(actor: str, role: str | None, participation: str) -> dict[str, Any]:
    found: dict[str, Any] = {
        "type": concept(PARTICIPATION, participation),
        "who": logical("user", actor),
        "requestor": True,
    }
    if role:
        found["role"] = [concept(f"{CS}/role", role)]
    return found


def _patient_entity(patient_id: str) -> dict[str, Any]:
    return {
        "what": {"reference": f"Patient/{patient_id}"},
        "role": concept(OBJECT_ROLE, "1", "Patient"),
    }


def event_action(row: dict[str, Any]) -> str:
    if int(row["originator_version"]) == 1:
        return "C"
    return "E" if row.get("actor_role") == SYSTEM else "U"


def from_entry(row: dict[str, Any]) -> dict[str, Any]:
    """`row`: an `audit_entries` row (one stored event, as the audit projection holds it)."""
    action = event_action(row)
    interaction = {"C": "create", "U": "update", "E": "update"}[action]
    data: dict[str, Any] = {
        "what": logical(f"aggregate/{row['aggregate_type']}", row["originator_id"]),
        "role": concept(OBJECT_ROLE, "4", "Domain Resource"),
        "detail": [
            {"type": {"text": "event-type"}, "valueString": row["event_type"]},
            {"type": {"text": "position"}, "valueInteger": int(row["position"])},
            {"type": {"text": "version"}, "valueInteger": int(row["originator_version"])},
            {"type": {"text": "summary"}, "valueString": row["summary"]},
            {"type": {"text": "hash"}, "valueString": row["hash"]},
        ],
    }
    if row.get("correlation_id"):
        correlation = {"type": {"text": "correlation-id"}, "valueString": row["correlation_id"]}
        data["detail"].append(correlation)
    found: dict[str, Any] = {
        "resourceType": "AuditEvent",
        "id": f"event-{row['position']}",
        **meta(row["occurred_at"]),
        "category": [REST],
        "code": concept(RESTFUL, interaction),
        "action": action,
        "recorded": instant(row["occurred_at"]),
        "outcome": {"code": SUCCESS},
        "agent": [_client(), _user(row.get("actor_id") or SYSTEM, row.get("actor_role"), "AUT")],
        "source": _source(),
        "entity": [data],
    }
    if row.get("patient_id"):
        found["patient"] = {"reference": f"Patient/{row['patient_id']}"}
        found["entity"].append(_patient_entity(row["patient_id"]))
    return found


def access_interaction(resource: str) -> str:
    path = resource.split(" ", 1)[-1].split("?", 1)[0]
    return "read" if _ONE_RESOURCE.search(path) else "search-type"


def from_access(row: dict[str, Any]) -> dict[str, Any]:
    """`row`: an `access_log` row (who was shown which patient, or was refused)."""
    resource = str(row["resource"])
    interaction = access_interaction(resource)
    query = resource.split("?", 1)[1] if "?" in resource else ""
    data: dict[str, Any] = {
        "what": logical("request", resource),
        "role": concept(OBJECT_ROLE, "24" if interaction == "search-type" else "4"),
    }
    if query:
        data["query"] = base64.b64encode(query.encode()).decode()
    at: datetime = row["at"]
    found: dict[str, Any] = {
        "resourceType": "AuditEvent",
        "id": f"access-{row['seq']}",
        **meta(at),
        "category": [REST],
        "code": concept(RESTFUL, interaction),
        "action": "R",
        "recorded": instant(at),
        "outcome": {"code": SUCCESS if row["outcome"] == "allowed" else MINOR_FAILURE},
        "agent": [_client(), _user(row["actor"], row.get("role"), "IRCP")],
        "source": _source(),
        "entity": [data],
    }
    if row["outcome"] != "allowed":
        found["outcome"]["detail"] = [{"text": str(row["outcome"])}]
    if row.get("emergency"):
        # Break the glass: the purpose of use is emergency treatment, with the stated reason.
        found["authorization"] = [
            {"coding": [coding(ACT_REASON, "ETREAT", "Emergency Treatment")],
             "text": row.get("reason") or "emergency access"}
        ]  # fmt: skip
    if row.get("patient_id"):
        found["patient"] = {"reference": f"Patient/{row['patient_id']}"}
        found["entity"].append(_patient_entity(row["patient_id"]))
    return found
