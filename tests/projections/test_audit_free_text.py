"""No free text (reasons, notes, condition labels, call notes) in audit summaries, on the
decoded path (state as of) and the stored path (the audit projection), for every event."""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Union
from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import Notification

from application.app import Carepack
from application.settings import Settings
from domain.base import CarepackAggregate
from domain.context import Actor
from domain.episode import PatientEpisode
from domain.ledger import EntitlementLedger
from domain.money import Money
from domain.package import ServicePackage
from domain.patient import Patient
from domain.references import Reference
from domain.subscription import Subscription
from projections.audit.redaction import is_coded, is_redacted
from projections.audit.stored import StoredEventReader
from projections.audit.summary import summarise

AGGREGATES = (Patient, PatientEpisode, ServicePackage, Subscription, EntitlementLedger, Reference)
NOT_DATA = {"originator_id", "originator_version", "timestamp", "actor", "correlation_id"}
# Every free-text field of the domain's events. A new text field fails the test below
# until it is either a code (projections.audit.redaction.CODED_TEXT) or listed here.
FREE_TEXT = {
    "PatientEpisode.Admitted.note", "PatientEpisode.Cancelled.reason",
    "PatientEpisode.CarePlanSet.note", "PatientEpisode.Discharged.note",
    "PatientEpisode.FollowUpCompleted.outcome", "PatientEpisode.FollowUpMissed.note",
    "PatientEpisode.FollowUpStarted.note", "PatientEpisode.Opened.condition_label",
    "PatientEpisode.ScreeningRecorded.override_reason", "ServicePackage.Delisted.reason",
    "ServicePackage.Rejected.reason", "Subscription.EnrolmentConsulted.notes",
    "Subscription.RefundAmountAgreed.note", "Subscription.RefundPaymentFailed.reason",
    "Subscription.RefundRejected.reason", "Subscription.RefundRequested.reason_text",
    "Subscription.Terminated.reason", "EntitlementLedger.RedemptionClaimed.note",
    "EntitlementLedger.RedemptionDisputed.reason", "EntitlementLedger.RedemptionReversed.reason",
    "EntitlementLedger.RedemptionUpheld.reason",
}  # fmt: skip
SAMPLES: dict[Any, Any] = {
    UUID: UUID(int=5), int: 3, bool: True, Decimal: Decimal("1.5"), date: date(2026, 3, 2),
    datetime: datetime(2026, 3, 2, 9, tzinfo=UTC), Money: Money(199900),
    Actor: Actor("nurse-li", "nurse"),
}  # fmt: skip


def _events() -> Iterator[tuple[str, type[Any]]]:
    found: set[type[Any]] = set()
    for aggregate in AGGREGATES:
        for name in dir(aggregate):
            cls = getattr(aggregate, name)
            base = (CarepackAggregate.Event, CarepackAggregate.Created)
            wanted = isinstance(cls, type) and issubclass(cls, base[0]) and cls not in base
            if wanted and cls not in found:
                found.add(cls)
                yield f"{aggregate.__name__}.{cls.__name__}", cls


def _sample(field: str, hint: Any) -> Any:
    """A value of the field's type; text is a marker naming the field."""
    if hint is str or hint is Any:
        return f"MARK<{field}>"
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        return _sample(field, args[0])
    if origin is list:
        return [_sample(field, args[0])]
    if origin is dict:
        return {"k": _sample(field, args[1])}
    return SAMPLES.get(hint)  # None for a package's content or terms: never summarised


def _text_fields(cls: type[Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls) if f.name not in NOT_DATA}


def _instance(cls: type[Any]) -> Any:
    values = {name: _sample(name, hint) for name, hint in _text_fields(cls).items()}
    values.pop("originator_topic", None)
    extra = {"originator_topic": "x:y"} if "originator_topic" in _text_fields(cls) else {}
    return cls(originator_id=uuid4(), originator_version=1, timestamp=SAMPLES[datetime],
               actor=SAMPLES[Actor], correlation_id="corr-1", **values, **extra)  # fmt: skip


def _is_text(hint: Any) -> bool:
    return "str" in str(hint) and "dict" not in str(hint)


def test_given_every_event_class_then_each_text_field_is_a_code_personal_or_free_text() -> None:
    withheld = {
        f"{where}.{name}"
        for where, cls in _events()
        for name, hint in _text_fields(cls).items()
        if _is_text(hint) and not is_coded(cls.__name__, name) and not is_redacted(name)
        and name != "originator_topic"
    }  # fmt: skip

    assert withheld == FREE_TEXT


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoredEventReader]:
    path: Path = tmp_path_factory.mktemp("free-text")
    app = Carepack(Settings(database_url=f"sqlite:///{path / 'events.db'}", data_dir=path))
    yield StoredEventReader(app.mapper)
    app.close()


@pytest.mark.parametrize(("where", "cls"), list(_events()), ids=[w for w, _ in _events()])
def test_given_free_text_in_an_event_when_summarised_then_it_is_withheld(
    where: str, cls: type[Any], reader: StoredEventReader
) -> None:
    event = _instance(cls)
    stored = reader.mapper.to_stored_event(event)
    notification = Notification(id=1, **vars(stored))
    summaries = [
        summarise(event),
        reader.describe(notification, str(event.originator_id))[0].summary,
    ]

    for name in _text_fields(cls):
        if f"{where}.{name}" in FREE_TEXT or is_redacted(name):
            assert all(f"MARK<{name}>" not in s for s in summaries), summaries
    assert summaries[0] == summaries[1]


def test_given_a_refund_request_when_summarised_then_codes_show_and_the_reason_text_does_not(
    reader: StoredEventReader,
) -> None:
    event = _instance(Subscription.RefundRequested)

    assert summarise(event) == (
        "RefundRequested refund_id=00000000-0000-0000-0000-000000000005 "
        "channel=MARK<channel> reason_code=MARK<reason_code> reason_text=[redacted] "
        "scope=MARK<scope> requested_amount=1999.00 CNY"
    )
