"""What an audit summary may show of a field: personal data and free text never.

Summaries sit in clear in the read models even when the events are encrypted at rest,
so they show text only for fields known to hold codes and identifiers (`CODED_TEXT`);
any other text field (a reason, a note, a condition label, a call note, or a field added
later) is redacted. Personal fields are redacted whatever their type.
"""

from __future__ import annotations

from typing import Any

REDACTED = frozenset({"name", "phone", "id_number", "answers", "birth_date"})
# Text fields that hold codes or identifiers, never free text: by name, or as
# `EventClass.field` where the same name holds free text elsewhere (a follow-up's
# `outcome` is a call note; a closed episode's is one of five codes).
CODED_TEXT = frozenset(
    {
        "assignee", "basis", "buyer_relation", "buyer_user_id", "care_team_id", "channel",
        "code", "computed_tier", "condition_code", "department", "doctor_id",
        "id_document_type", "intervention", "item_code", "kind", "payer_type", "payment_ref",
        "permissions", "programme", "provider_ref", "purpose", "reason_code", "reference",
        "relation", "scope", "sex", "source", "stage", "status", "tier", "unit", "user_id",
        "value",
        "Closed.outcome", "Closed.reason",
    }
)  # fmt: skip
_REDACTED_SUFFIXES = ("_name", "_phone", "_id_number")


def is_redacted(attribute: str) -> bool:
    return attribute in REDACTED or attribute.endswith(_REDACTED_SUFFIXES)


def is_text(value: Any) -> bool:
    """Text, or a collection holding text: shown only for coded fields."""
    if type(value) is str:
        return True
    return isinstance(value, list | tuple | frozenset | set) and any(
        isinstance(item, str) for item in value
    )


def is_coded(class_name: str, attribute: str) -> bool:
    return attribute in CODED_TEXT or f"{class_name}.{attribute}" in CODED_TEXT
