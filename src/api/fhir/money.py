"""ChargeItemDefinition (packages), ChargeItem (redemptions), PaymentReconciliation (pure)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from api.fhir.codes import (
    CAREPACK,
    CS,
    ICD10,
    PACKAGE_STATUS,
    PAYMENT_TYPE,
    REDEMPTION_STATUS,
    SD,
    USAGE_CONTEXT,
    coding,
    concept,
    day,
    instant,
    logical,
    meta,
    url_part,
)

DEFINITIONS = f"{CAREPACK}/ChargeItemDefinition"
SID_PROVIDER = f"{CAREPACK}/sid/provider-reference"


def amount(fen: int, currency: str) -> dict[str, Any]:
    """Integer fen as FHIR Money (a decimal with two places, never a float)."""
    return {"value": Decimal(fen) / 100, "currency": currency}


def price(money: dict[str, str]) -> dict[str, Any]:
    """The API's money object as FHIR Money."""
    return {"value": Decimal(money["amount"]), "currency": money["currency"]}


def canonical(code: str, version: int) -> str:
    return f"{DEFINITIONS}/{url_part(code)}|{version}"


def _item_group(item: dict[str, Any]) -> dict[str, Any]:
    details = [
        {"url": "kind", "valueCode": item["kind"]},
        {"url": "weight", "valueInteger": item["weight"]},
        {"url": "redemption", "valueCode": item["redemption"]},
    ]
    return {
        "extension": [{"url": f"{SD}/package-item", "extension": details}],
        "priceComponent": [
            {
                "type": "informational",
                "code": concept(f"{CS}/package-item", item["code"], item["name"]),
                "factor": Decimal(item["quantity"]),
            }
        ],
    }


def charge_item_definition(
    data: dict[str, Any], replaces: int | None, last_updated: datetime | None
) -> dict[str, Any]:
    """`data`: `views.package`; `replaces`: the version of its predecessor, if any."""
    found: dict[str, Any] = {
        "resourceType": "ChargeItemDefinition",
        "id": data["id"],
        **meta(last_updated),
        "url": f"{DEFINITIONS}/{url_part(data['code'])}",
        "identifier": [{"system": f"{CS}/package", "value": data["code"]}],
        "version": str(data["version"]),
        "title": data["name"],
        "status": PACKAGE_STATUS[data["status"]],
        "description": data["description"],
        "useContext": [
            {"code": coding(USAGE_CONTEXT, "focus"), "valueCodeableConcept": concept(ICD10, c)}
            for c in data["disease_codes"]
        ],
        "code": concept(f"{CS}/package", data["code"]),
        "propertyGroup": [
            {"priceComponent": [{"type": "base", "amount": price(data["price"])}]},
            *(_item_group(item) for item in data["items"]),
        ],
    }
    if replaces is not None:
        found["replaces"] = [canonical(data["code"], replaces)]
    if not found["description"]:
        del found["description"]
    return found


def charge_item(row: dict[str, Any]) -> dict[str, Any]:
    """`row`: a redemption with its subscription's package and version (read models)."""
    found: dict[str, Any] = {
        "resourceType": "ChargeItem",
        "id": row["redemption_id"],
        **meta(row.get("at")),
        "identifier": [{"system": f"{CS}/redemption", "value": row["redemption_id"]}],
        "status": REDEMPTION_STATUS[row["status"]],
        "subject": {"reference": f"Patient/{row['patient_id']}"},
        "code": concept(f"{CS}/package-item", row["item_code"]),
        "quantity": {"value": Decimal(1)},
        "account": [logical("subscription", row["subscription_id"])],
        "extension": [
            {"url": f"{SD}/redemption-status", "valueCode": row["status"]},
        ],
    }
    if row.get("package_code") and row.get("package_version") is not None:
        found["definitionCanonical"] = [canonical(row["package_code"], row["package_version"])]
    if row.get("at") is not None:
        found["occurrenceDateTime"] = instant(row["at"])
        found["enteredDate"] = instant(row["at"])
    return found


def refund_payout(row: dict[str, Any]) -> dict[str, Any]:
    """`row`: a paid refund (`fin_refunds`): what was paid back, when, under which reference."""
    paid = amount(row["paid_amount"], row["currency"])
    return {
        "resourceType": "PaymentReconciliation",
        "id": f"refund-{row['refund_id']}",
        **meta(row["paid_at"]),
        "identifier": [{"system": f"{CS}/refund", "value": row["refund_id"]}],
        "type": concept(PAYMENT_TYPE, "payment"),
        "status": "active",
        "created": instant(row["paid_at"]),
        "date": day(row["paid_at"]),
        "outcome": "complete",
        "amount": paid,
        "paymentIdentifier": {"system": SID_PROVIDER, "value": row["provider_ref"]},
        "allocation": [
            {
                "identifier": {"system": f"{CS}/refund", "value": row["refund_id"]},
                "account": logical("subscription", row["subscription_id"]),
                "type": concept(f"{CS}/allocation", "refund"),
                "date": day(row["paid_at"]),
                "amount": paid,
            }
        ],
    }


def settlement(report: dict[str, Any], lines: list[dict[str, Any]]) -> dict[str, Any]:
    """A settlement file's reconciliation (`fin_reconciliations`) with one allocation a line."""
    currency = lines[0]["currency"] if lines else "CNY"
    total = sum(int(line["amount"]) for line in lines)
    matched = all(line["status"] == "matched" for line in lines)
    found: dict[str, Any] = {
        "resourceType": "PaymentReconciliation",
        "id": f"settlement-{report['id']}",
        **meta(report["created_at"]),
        "identifier": [{"system": f"{CS}/settlement", "value": report["id"]}],
        "type": concept(PAYMENT_TYPE, "payment"),
        "status": "active",
        "created": instant(report["created_at"]),
        "date": day(report["created_at"]),
        "outcome": "complete" if matched else "partial",
        "amount": amount(total, currency),
        "allocation": [_line(line) for line in lines],
    }
    if report.get("period_from") and report.get("period_to"):
        found["period"] = {"start": day(report["period_from"]), "end": day(report["period_to"])}
    return found


def _line(line: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {
        "identifier": {"system": SID_PROVIDER, "value": line["provider_ref"]},
        "type": concept(f"{CS}/settlement-kind", line["kind"]),
        "amount": amount(int(line["amount"]), line["currency"]),
        "extension": [{"url": f"{SD}/match-status", "valueCode": line["status"]}],
    }
    if line.get("settled_at") is not None:
        found["date"] = day(line["settled_at"])
    if line.get("subscription_id"):
        found["account"] = logical("subscription", line["subscription_id"])
    return found
