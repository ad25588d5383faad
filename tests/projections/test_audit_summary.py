"""Audit summaries name the event and a few plain fields, and never personal data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from projections.audit.summary import describe, split_topic, summarise
from projections.registry import projector_classes


@dataclass(frozen=True)
class Money:
    fen: int
    currency: str


@dataclass(frozen=True)
class Actor:
    user_id: str
    role: str
    patient_id: UUID | None


@dataclass(frozen=True)
class RefundRequested:
    originator_id: UUID
    originator_version: int
    actor: Actor
    correlation_id: str
    amount: Money
    permissions: tuple[str, ...]
    patient_name: str
    birth_date: date
    answers: dict[str, str]
    notes: dict[str, str]


PATIENT = UUID(int=7)
EVENT = RefundRequested(
    originator_id=UUID(int=1),
    originator_version=3,
    actor=Actor("u-1", "proxy", PATIENT),
    correlation_id="corr-1",
    amount=Money(199900, "CNY"),
    permissions=("view", "purchase"),
    patient_name="Li Si",
    birth_date=date(1950, 1, 2),
    answers={"weight": "60"},
    notes={"a": "b"},
)


def test_given_an_event_with_personal_fields_when_summarised_then_they_are_redacted() -> None:
    assert summarise(EVENT) == (
        "RefundRequested amount=1999.00 CNY permissions=[purchase, view] "
        "patient_name=[redacted] birth_date=[redacted] answers=[redacted]"
    )


def test_given_a_proxy_actor_when_described_then_actor_and_their_patient_are_kept() -> None:
    described = describe(EVENT, str(UUID(int=1)), "domain.subscription:Subscription.Refund")

    assert (described.aggregate_type, described.event_type) == ("Subscription", "Refund")
    assert (described.actor_id, described.actor_role) == ("u-1", "proxy")
    assert described.patient_id is None and described.actor_patient_id == str(PATIENT)
    assert described.correlation_id == "corr-1"


def test_given_odd_topics_when_split_then_aggregate_and_event_are_found() -> None:
    assert split_topic("m:Patient.Registered") == ("Patient", "Registered")
    assert split_topic("m:Outer.Patient.Registered") == ("Patient", "Registered")
    assert split_topic("m:Standalone") == ("Standalone", "Standalone")


def test_given_the_projections_package_when_discovering_then_the_audit_projector_is_found() -> None:
    assert "audit" in projector_classes()
