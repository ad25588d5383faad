"""Replaying an aggregate from the store gives exactly the object the command produced."""

from __future__ import annotations

from typing import Any
from uuid import UUID, uuid4

import pytest
from eventsourcing.domain import Aggregate

from domain.money import Money
from domain.quote import RefundScope
from tests.application.world import GRANDSON, World
from tests.fixtures import LEAD, MALL, STAFF, proxy_actor


@pytest.fixture
def live(world: World, monkeypatch: pytest.MonkeyPatch) -> dict[UUID, Aggregate]:
    """Every aggregate the commands saved, as the command left it (latest per id)."""
    saved: dict[UUID, Aggregate] = {}
    save = world.app.save

    def spy(*aggregates: Any, **kwargs: Any) -> Any:
        recordings = save(*aggregates, **kwargs)
        saved.update({a.id: a for a in aggregates})
        return recordings

    monkeypatch.setattr(world.app, "save", spy)
    return saved


def _run_story(world: World) -> None:
    patient, sub = world.active()
    episode, follow_up = world.episode(patient), uuid4()
    world.app.schedule_follow_up(
        episode, follow_up, world.clock.now().date(), "phone", "staff-zhao", world.c(STAFF)
    )
    world.app.complete_follow_up(episode, follow_up, "stable", world.c(STAFF))
    now = world.clock.now()
    world.app.receive_receipt("edu", "E-1", patient, "education", now, world.c(MALL))
    escort = uuid4()
    world.app.claim_redemption(escort, sub, "escort", "to clinic", world.c(STAFF))
    world.app.confirm_redemption(escort, world.c(proxy_actor(GRANDSON, patient)))
    refund = uuid4()
    world.app.request_refund(
        refund, sub, scope=RefundScope("items", {"escort": 1}), reason_code="other",
        reason_text="", requested_amount=None, ctx=world.c(proxy_actor(GRANDSON, patient)),
    )  # fmt: skip
    world.app.agree_refund(refund, Money.parse("239.88"), "called", world.c(STAFF))
    world.app.approve_refund(refund, world.c(LEAD))
    world.app.record_refund_payment(
        refund, paid=True, provider_ref="RF-1", amount=None, reason="", ctx=world.c(MALL)
    )


def test_given_the_story_when_each_aggregate_replayed_then_it_equals_the_live_object(
    world: World, live: dict[UUID, Aggregate]
) -> None:
    _run_story(world)

    kinds = {type(a).__name__ for a in live.values()}
    assert {"Patient", "PatientEpisode", "ServicePackage", "Subscription"} <= kinds
    assert {"EntitlementLedger", "Reference"} <= kinds
    for aggregate_id, aggregate in live.items():
        replayed: Aggregate = world.app.repository.get(aggregate_id)
        assert type(replayed) is type(aggregate)
        assert vars(replayed) == vars(aggregate), type(aggregate).__name__
