"""Validation of what the FHIR layer produces: structure by `fhir.resources` (R5 models),
and every status, action, outcome and category against its value set, which the library
does not check. The value sets are copied here from the R5 specification, not imported
from the code under test, so a wrong code fails."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from fhir.resources import get_fhir_model_class

# http://hl7.org/fhir/R5/valueset-*.html (required bindings, and BALP's choices)
ADMINISTRATIVE_GENDER = {"male", "female", "other", "unknown"}
EPISODE_OF_CARE_STATUS = {
    "planned", "waitlist", "active", "onhold", "finished", "cancelled", "entered-in-error",
}  # fmt: skip
CONSENT_STATE = {"draft", "active", "inactive", "not-done", "entered-in-error", "unknown"}
CONSENT_PROVISION_TYPE = {"deny", "permit"}
PUBLICATION_STATUS = {"draft", "active", "retired", "unknown"}
PRICE_COMPONENT_TYPE = {"base", "surcharge", "deduction", "discount", "tax", "informational"}
CHARGEITEM_STATUS = {
    "planned", "billable", "not-billable", "aborted", "billed", "entered-in-error", "unknown",
}  # fmt: skip
FM_STATUS = {"active", "cancelled", "draft", "entered-in-error"}
PAYMENT_OUTCOME = {"queued", "complete", "error", "partial"}
PAYMENT_TYPE = {"payment", "adjustment", "advance"}
AUDIT_EVENT_ACTION = {"C", "R", "U", "D", "E"}
AUDIT_EVENT_OUTCOME = {"0", "4", "8", "12"}
RESTFUL_INTERACTION = {
    "read", "vread", "update", "patch", "delete", "history", "history-instance",
    "history-type", "history-system", "create", "search", "search-type", "search-system",
    "capabilities", "transaction", "batch", "operation",
}  # fmt: skip
OBJECT_ROLE = {str(n) for n in range(1, 25)}
SECURITY_SOURCE_TYPE = {str(n) for n in range(1, 10)}
PURPOSE_OF_USE = {"TREAT", "ETREAT", "HPAYMT", "HOPERAT", "CAREMGT", "PUBHLTH", "HRESCH"}
SEARCH_ENTRY_MODE = {"match", "include", "outcome"}
ISSUE_SEVERITY = {"fatal", "error", "warning", "information", "success"}
ISSUE_TYPE = {
    "invalid", "structure", "required", "value", "invariant", "security", "login", "unknown",
    "expired", "forbidden", "suppressed", "processing", "not-supported", "duplicate",
    "multiple-matches", "not-found", "deleted", "too-long", "code-invalid", "extension",
    "too-costly", "business-rule", "conflict", "limited-filter", "transient", "lock-error",
    "no-store", "exception", "timeout", "incomplete", "throttled", "informational", "success",
}  # fmt: skip
AUDIT_EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type"


def loads(text: str | bytes) -> Any:
    """FHIR JSON with decimals kept exact."""
    return json.loads(text, parse_float=Decimal)


def _in(value: Any, allowed: set[str], what: str) -> None:
    assert value in allowed, f"{what}: {value!r} is not in its value set"


def _codes(concept: dict[str, Any]) -> list[str]:
    return [c["code"] for c in concept.get("coding", [])]


def _patient(r: dict[str, Any]) -> None:
    _in(r["gender"], ADMINISTRATIVE_GENDER, "Patient.gender")


def _episode(r: dict[str, Any]) -> None:
    _in(r["status"], EPISODE_OF_CARE_STATUS, "EpisodeOfCare.status")
    for entry in r.get("statusHistory", []):
        _in(entry["status"], EPISODE_OF_CARE_STATUS, "EpisodeOfCare.statusHistory.status")


def _consent(r: dict[str, Any]) -> None:
    _in(r["status"], CONSENT_STATE, "Consent.status")
    _in(r["decision"], CONSENT_PROVISION_TYPE, "Consent.decision")
    for category in r["category"]:
        assert _codes(category) == ["59284-0"], category
    for provision in r["provision"]:
        v3 = [p["code"] for p in provision["purpose"] if p["system"].endswith("v3-ActReason")]
        for code in v3:
            _in(code, PURPOSE_OF_USE, "Consent.provision.purpose")


def _definition(r: dict[str, Any]) -> None:
    _in(r["status"], PUBLICATION_STATUS, "ChargeItemDefinition.status")
    for group in r["propertyGroup"]:
        for component in group["priceComponent"]:
            _in(component["type"], PRICE_COMPONENT_TYPE, "priceComponent.type")


def _charge_item(r: dict[str, Any]) -> None:
    _in(r["status"], CHARGEITEM_STATUS, "ChargeItem.status")


def _reconciliation(r: dict[str, Any]) -> None:
    _in(r["status"], FM_STATUS, "PaymentReconciliation.status")
    _in(r["outcome"], PAYMENT_OUTCOME, "PaymentReconciliation.outcome")
    for code in _codes(r["type"]):
        _in(code, PAYMENT_TYPE, "PaymentReconciliation.type")


def _audit_event(r: dict[str, Any]) -> None:
    _in(r["action"], AUDIT_EVENT_ACTION, "AuditEvent.action")
    _in(r["outcome"]["code"]["code"], AUDIT_EVENT_OUTCOME, "AuditEvent.outcome")
    assert [c["system"] for c in r["category"][0]["coding"]] == [AUDIT_EVENT_TYPE]
    for category in r["category"]:
        assert _codes(category) == ["rest"], category  # BALP: RESTful operations
    for code in _codes(r["code"]):
        _in(code, RESTFUL_INTERACTION, "AuditEvent.code")
    assert sum(a.get("requestor", False) for a in r["agent"]) == 1, r["agent"]
    for entity in r["entity"]:
        for code in _codes(entity["role"]):
            _in(code, OBJECT_ROLE, "AuditEvent.entity.role")
    for kind in r["source"].get("type", []):
        for code in _codes(kind):
            _in(code, SECURITY_SOURCE_TYPE, "AuditEvent.source.type")
    for why in r.get("authorization", []):
        for code in _codes(why):
            _in(code, PURPOSE_OF_USE, "AuditEvent.authorization")


def _outcome(r: dict[str, Any]) -> None:
    for issue in r["issue"]:
        _in(issue["severity"], ISSUE_SEVERITY, "OperationOutcome.severity")
        _in(issue["code"], ISSUE_TYPE, "OperationOutcome.code")


CHECKS = {
    "Patient": _patient,
    "EpisodeOfCare": _episode,
    "Consent": _consent,
    "ChargeItemDefinition": _definition,
    "ChargeItem": _charge_item,
    "PaymentReconciliation": _reconciliation,
    "AuditEvent": _audit_event,
    "OperationOutcome": _outcome,
    "CapabilityStatement": lambda r: None,
}


def check_resource(resource: dict[str, Any]) -> None:
    """Valid R5 by fhir.resources, and every coded status in its value set."""
    kind = resource["resourceType"]
    if kind == "Bundle":
        assert resource["type"] == "searchset"
        for entry in resource.get("entry", []):
            _in(entry["search"]["mode"], SEARCH_ENTRY_MODE, "Bundle.entry.search.mode")
            check_resource(entry["resource"])
    else:
        CHECKS[kind](resource)
    get_fhir_model_class(kind).model_validate(resource)  # type: ignore[no-untyped-call]
