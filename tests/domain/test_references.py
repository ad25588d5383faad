"""References are taken once (their id derives from kind and value); error codes are stable."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

from domain.context import Actor, Ctx, event_time, events_at
from domain.errors import DomainError, Forbidden, NotFound, VersionMismatch, all_error_classes
from domain.references import Reference, reference_id
from tests.fixtures import MALL, START, ctx


def test_a_reference_id_derives_from_kind_and_value() -> None:
    owner = uuid4()
    taken = Reference.take("payment", "MALL-1", owner, ctx(MALL), {"status": "ok"})
    assert taken.id == reference_id("payment", "MALL-1")
    assert taken.id not in (reference_id("receipt", "MALL-1"), reference_id("payment", "MALL-2"))
    assert (taken.kind, taken.value, taken.owner_id, taken.result) == (
        "payment", "MALL-1", owner, {"status": "ok"},
    )  # fmt: skip
    assert Reference.take("refund", "R", owner, ctx(MALL)).result == {}


def test_error_codes_are_unique() -> None:
    classes = all_error_classes()
    codes = [cls.code for cls in classes]
    assert len(codes) == len(set(codes))
    assert {DomainError, NotFound, Forbidden, VersionMismatch} <= set(classes)
    # Their HTTP statuses are the API's business: tests/api/test_problem_statuses.py.
    error = VersionMismatch("stale", expected=3)
    assert (error.detail, error.extra, str(error)) == ("stale", {"expected": 3}, "stale")


def test_events_are_stamped_with_the_injected_clock() -> None:
    moment = datetime(2030, 1, 1, tzinfo=UTC)
    with events_at(moment):
        assert event_time() == moment
        taken = Reference.take("receipt", "R-1", uuid4(), ctx(MALL))
    assert taken.created_on == moment
    assert event_time() != moment


def test_context_carries_actor_and_correlation_and_turns_into_the_system() -> None:
    c = Ctx(Actor("grandson", "proxy", uuid4()), "corr-1", START)
    assert c.meta == {"actor": c.actor, "correlation_id": "corr-1"}
    system = c.as_system()
    assert (system.actor, system.correlation_id, system.now) == (Actor.system(), "corr-1", START)
    assert not c.actor.is_staff and Actor("x", "nurse").is_staff
    assert Ctx(Actor.system(), "c").now.tzinfo is UTC
