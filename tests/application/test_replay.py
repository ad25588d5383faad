"""Replaying an aggregate from the store gives exactly the object the command produced."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.domain import Aggregate

from domain.money import Money
from domain.quote import RefundScope
from tests.clinic import GRANDSON, Clinic
from tests.fixtures import LEAD, MALL, STAFF, proxy_actor


@pytest.fixture
def live(clinic: Clinic, monkeypatch: pytest.MonkeyPatch) -> dict[UUID, Aggregate]:
    """Every aggregate the commands saved, as the command left it (latest per id)."""
    saved: dict[UUID, Aggregate] = {}
    save = clinic.app.save

    def spy(*aggregates: Any, **kwargs: Any) -> Any:
        recordings = save(*aggregates, **kwargs)
        saved.update({a.id: a for a in aggregates})
        return recordings

    monkeypatch.setattr(clinic.app, "save", spy)
    return saved


def _run_story(clinic: Clinic) -> None:
    patient, sub = clinic.active()
    episode, follow_up = clinic.episode(patient), uuid4()
    clinic.app.schedule_follow_up(
        episode, follow_up, clinic.clock.now().date(), "phone", "staff-zhao", clinic.c(STAFF)
    )
    clinic.app.complete_follow_up(episode, follow_up, "stable", clinic.c(STAFF))
    now = clinic.clock.now()
    clinic.app.receive_receipt("edu", "E-1", patient, "education", now, clinic.c(MALL))
    escort = uuid4()
    clinic.app.claim_redemption(escort, sub, "escort", "to clinic", clinic.c(STAFF))
    clinic.app.confirm_redemption(escort, clinic.c(proxy_actor(GRANDSON, patient)))
    refund = uuid4()
    clinic.app.request_refund(
        refund, sub, scope=RefundScope("items", {"escort": 1}), reason_code="other",
        reason_text="", requested_amount=None, ctx=clinic.c(proxy_actor(GRANDSON, patient)),
    )  # fmt: skip
    clinic.app.agree_refund(refund, Money.parse("239.88"), "called", clinic.c(STAFF))
    clinic.app.approve_refund(refund, clinic.c(LEAD))
    clinic.app.record_refund_payment(
        refund, paid=True, provider_ref="RF-1", amount=None, reason="", ctx=clinic.c(MALL)
    )


def test_given_the_story_when_each_aggregate_replayed_then_it_equals_the_live_object(
    clinic: Clinic, live: dict[UUID, Aggregate]
) -> None:
    _run_story(clinic)

    kinds = {type(a).__name__ for a in live.values()}
    assert {"Patient", "PatientEpisode", "ServicePackage", "Subscription"} <= kinds
    assert {"EntitlementLedger", "Reference"} <= kinds
    for aggregate_id, aggregate in live.items():
        replayed: Aggregate = clinic.app.repository.get(aggregate_id)
        assert type(replayed) is type(aggregate)
        assert vars(replayed) == vars(aggregate), type(aggregate).__name__
