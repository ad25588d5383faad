"""Focused races on PostgreSQL: many threads, one shared application, one subscription."""

from __future__ import annotations

from collections import Counter
from uuid import UUID, uuid4

import pytest

from application.base import Done
from domain.errors import EntitlementExhausted, InvalidRefundState, NoMatchingEntitlement
from domain.ledger import EntitlementLedger, ledger_id_for
from domain.money import Money
from domain.quote import RefundScope
from domain.subscription import Subscription
from tests.application.world import World, race
from tests.fixtures import LEAD, MALL, STAFF

pytestmark = pytest.mark.postgres
THREADS = 12


def _agreed_refund(world: World, sub: UUID, scope: RefundScope, amount: str) -> UUID:
    refund = uuid4()
    world.app.request_refund(
        refund, sub, scope=scope, reason_code="other", reason_text="",
        requested_amount=None, ctx=world.c(STAFF),
    )  # fmt: skip
    world.app.agree_refund(refund, Money.parse(amount), "phoned", world.c(STAFF))
    return refund


def _ledger(world: World, sub: UUID) -> EntitlementLedger:
    return world.app.load(EntitlementLedger, ledger_id_for(sub))


def test_given_one_refund_when_approved_by_many_threads_then_exactly_one_approval(
    pg_world: World,
) -> None:
    _, sub = pg_world.active()
    refund = _agreed_refund(pg_world, sub, RefundScope("items", {"follow_up": 2}), "100.00")

    results = race(THREADS, lambda _: pg_world.app.approve_refund(refund, pg_world.c(LEAD)))

    assert Counter(type(r) for r in results) == {Done: 1, InvalidRefundState: THREADS - 1}
    assert _ledger(pg_world, sub).usage()["follow_up"].revoked == 2
    assert pg_world.app.load(Subscription, sub).committed == 10000


def test_given_two_escorts_when_many_threads_claim_then_exactly_two_claims(
    pg_world: World,
) -> None:
    _, sub = pg_world.active()

    results = race(
        THREADS,
        lambda _: pg_world.app.claim_redemption(uuid4(), sub, "escort", "", pg_world.c(STAFF)),
    )

    assert Counter(type(r) for r in results) == {Done: 2, EntitlementExhausted: THREADS - 2}
    usage = _ledger(pg_world, sub).usage()["escort"]
    assert (usage.claimed, usage.remaining) == (2, 0)


def test_given_one_receipt_sent_by_many_threads_then_it_redeems_once(pg_world: World) -> None:
    patient, sub = pg_world.active()
    now = pg_world.clock.now()

    results = race(
        THREADS,
        lambda _: pg_world.app.receive_receipt(
            "edu", "EDU-SAME", patient, "education", now, pg_world.c(MALL)
        ),
    )

    assert all(isinstance(r, Done) for r in results), results
    assert len({r.id for r in results}) == 1
    assert sum(not r.data["replayed"] for r in results) == 1
    assert _ledger(pg_world, sub).usage()["education"].redeemed == 1


def test_given_agreements_racing_then_the_last_committed_amount_stands(pg_world: World) -> None:
    _, sub = pg_world.active()
    refund = _agreed_refund(pg_world, sub, RefundScope("goodwill"), "1.00")

    results = race(
        THREADS,
        lambda i: pg_world.app.agree_refund(
            refund, Money(100 * (i + 1)), "phoned", pg_world.c(STAFF)
        ),
    )

    assert all(isinstance(r, Done) for r in results), results
    last = max(range(THREADS), key=lambda i: results[i].position)
    assert pg_world.app.load(Subscription, sub).refund(refund).agreed_amount == 100 * (last + 1)


def test_given_approval_racing_receipts_for_the_same_units_then_never_both(
    pg_world: World,
) -> None:
    patient, sub = pg_world.active()
    refund = _agreed_refund(pg_world, sub, RefundScope("items", {"follow_up": 12}), "500.00")
    now = pg_world.clock.now()

    def job(i: int) -> Done:
        if i == 0:
            return pg_world.app.approve_refund(refund, pg_world.c(LEAD))
        return pg_world.app.receive_receipt(
            "ivr", f"CALL-{i}", patient, "follow_up", now, pg_world.c(MALL)
        )

    results = race(THREADS, job)

    usage = _ledger(pg_world, sub).usage()["follow_up"]
    approved = isinstance(results[0], Done)
    redeemed = sum(isinstance(r, Done) for r in results[1:])
    assert usage.remaining >= 0 and usage.redeemed == redeemed
    if approved:
        assert (usage.revoked, usage.redeemed) == (12, 0)
        assert all(isinstance(r, NoMatchingEntitlement) for r in results[1:])
    else:
        assert isinstance(results[0], EntitlementExhausted) and redeemed > 0
        assert usage.revoked == 0
        assert pg_world.app.load(Subscription, sub).committed == 0
