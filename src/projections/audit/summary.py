"""What an audit entry says about an event: its aggregate, actor, patient and a safe summary.

Everything is duck-typed on the decoded event, so any aggregate's events work: `actor`
(with `user_id`, `role`, `patient_id`), `correlation_id`, `patient_id`. Personal data
(names, phones, ID numbers, birth dates, intake answers) never reaches a summary, nor does
free text (reasons, notes, condition labels, call notes): see `redaction.py`. Auditors read
the text itself in the event history (`GET /audit/aggregates/{id}`), from the store.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from functools import lru_cache
from typing import Any
from uuid import UUID

from projections.audit.redaction import is_coded, is_redacted, is_text

_NOT_SUMMARISED = frozenset(
    {"originator_id", "originator_version", "timestamp", "actor", "correlation_id"}
)
_MAX_FIELDS = 6
_MAX_TEXT = 60
_SCALARS = (str, int, Decimal, UUID, date, datetime, Enum)


@dataclass(frozen=True)
class Described:
    aggregate_type: str
    event_type: str
    actor_id: str | None
    actor_role: str | None
    patient_id: str | None  # named by the event itself (or the Patient aggregate's id)
    actor_patient_id: str | None  # the patient a proxy acted for
    correlation_id: str | None
    summary: str


@lru_cache(maxsize=1024)
def split_topic(topic: str) -> tuple[str, str]:
    """`domain.patient:Patient.Registered` -> (`Patient`, `Registered`)."""
    qualname = topic.rpartition(":")[2]
    parts = qualname.split(".")
    aggregate = parts[-2] if len(parts) > 1 else parts[0]
    return aggregate, parts[-1]


def _clipped(text: str) -> str:
    return text if len(text) <= _MAX_TEXT else text[: _MAX_TEXT - 1] + "…"


def _text(value: Any) -> str | None:
    kind = type(value)  # exact str and int first: most fields, and the checks below are slow
    if kind is str:
        return _clipped(value)
    if kind is int:
        return _clipped(str(value))
    if isinstance(value, bool) or value is None:
        return None if value is None else str(value).lower()
    if isinstance(value, Enum):
        return str(value.value)
    if hasattr(value, "fen") and hasattr(value, "currency"):  # Money, without importing it
        return f"{Decimal(value.fen).scaleb(-2)} {value.currency}"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, _SCALARS):
        return _clipped(str(value))
    if isinstance(value, list | tuple | frozenset | set) and len(value) <= 5:
        items = [_text(item) for item in value]
        if all(item is not None and len(item) <= 20 for item in items):
            return "[" + ", ".join(sorted(str(item) for item in items)) + "]"
    return None


def summarise(event: Any) -> str:
    """The event's class name and a few of its scalar fields, personal data redacted."""
    return summarise_fields(type(event).__name__, vars(event), _as_is)


def _as_is(value: Any) -> Any:
    return value


def summarise_fields(
    class_name: str, fields: Mapping[str, Any], decode: Callable[[Any], Any]
) -> str:
    """`summarise` over an event's stored fields; `decode` turns a stored value into the
    event's value, and runs only for the few fields the summary shows."""
    parts = [class_name]
    for attribute, redacted, coded in _plan(class_name, tuple(fields)):
        if len(parts) > _MAX_FIELDS:
            break
        if redacted:
            parts.append(f"{attribute}=[redacted]")
            continue
        value = decode(fields[attribute])
        if not coded and is_text(value):
            parts.append(f"{attribute}=[redacted]")
            continue
        text = _text(value)
        if text is not None:
            parts.append(f"{attribute}={text}")
    return " ".join(parts)


Plan = list[tuple[str, bool, bool]]  # (attribute, redacted, coded)
_plans: dict[tuple[str, tuple[str, ...]], Plan] = {}


def _plan(class_name: str, attributes: tuple[str, ...]) -> Plan:
    """The attributes a summary may show, each with whether it is redacted and whether its
    text is coded; remembered per event class and attribute list, as the audit's hot path."""
    key = (class_name, attributes)
    plan = _plans.get(key)
    if plan is None:
        plan = [
            (attribute, is_redacted(attribute), is_coded(class_name, attribute))
            for attribute in attributes
            if attribute not in _NOT_SUMMARISED and not attribute.startswith("originator_")
        ]
        if len(_plans) < 10_000:  # bounded, whatever events come
            _plans[key] = plan
    return plan


def _optional_text(value: Any) -> str | None:
    return None if value is None else str(value)


def describe(event: Any, originator_id: str, topic: str) -> Described:
    """The audit columns that come from the decoded event (patient may stay unknown)."""
    return _described(
        topic,
        originator_id,
        getattr(event, "actor", None),
        getattr(event, "patient_id", None),
        getattr(event, "correlation_id", None),
        summarise(event),
    )


def describe_fields(
    class_name: str,
    fields: Mapping[str, Any],
    originator_id: str,
    topic: str,
    decode: Callable[[Any], Any],
    shown: Callable[[Any], Any] | None = None,
) -> Described:
    """`describe` over an event's stored fields, decoding only the values it reads
    (`shown`, if given, decodes the values the summary renders; see `_text`)."""
    return _described(
        topic,
        originator_id,
        decode(fields.get("actor")),
        decode(fields.get("patient_id")),
        decode(fields.get("correlation_id")),
        summarise_fields(class_name, fields, shown or decode),
    )


def _described(
    topic: str, originator_id: str, actor: Any, patient: Any, correlation: Any, summary: str
) -> Described:
    aggregate_type, event_type = split_topic(topic)
    if patient is None and aggregate_type == "Patient":
        patient = originator_id
    return Described(
        aggregate_type=aggregate_type,
        event_type=event_type,
        actor_id=_optional_text(getattr(actor, "user_id", None)),
        actor_role=_optional_text(getattr(actor, "role", None)),
        patient_id=_optional_text(patient),
        actor_patient_id=_optional_text(getattr(actor, "patient_id", None)),
        correlation_id=_optional_text(correlation),
        summary=summary,
    )
