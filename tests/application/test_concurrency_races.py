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
from tests.application.saves import race
from tests.clinic import Clinic
from tests.fixtures import LEAD, MALL, STAFF

pytestmark = pytest.mark.postgres
THREADS = 12


def _agreed_refund(clinic: Clinic, sub: UUID, scope: RefundScope, amount: str) -> UUID:
    refund = uuid4()
    clinic.app.request_refund(
        refund, sub, scope=scope, reason_code="other", reason_text="",
        requested_amount=None, ctx=clinic.c(STAFF),
    )  # fmt: skip
    clinic.app.agree_refund(refund, Money.parse(amount), "phoned", clinic.c(STAFF))
    return refund


def _ledger(clinic: Clinic, sub: UUID) -> EntitlementLedger:
    return clinic.app.load(EntitlementLedger, ledger_id_for(sub))


def test_given_one_refund_when_approved_by_many_threads_then_exactly_one_approval(
    pg_clinic: Clinic,
) -> None:
    _, sub = pg_clinic.active()
    refund = _agreed_refund(pg_clinic, sub, RefundScope("items", {"follow_up": 2}), "100.00")

    results = race(THREADS, lambda _: pg_clinic.app.approve_refund(refund, pg_clinic.c(LEAD)))

    assert Counter(type(r) for r in results) == {Done: 1, InvalidRefundState: THREADS - 1}
    assert _ledger(pg_clinic, sub).usage()["follow_up"].revoked == 2
    assert pg_clinic.app.load(Subscription, sub).committed == 10000


def test_given_two_escorts_when_many_threads_claim_then_exactly_two_claims(
    pg_clinic: Clinic,
) -> None:
    _, sub = pg_clinic.active()

    results = race(
        THREADS,
        lambda _: pg_clinic.app.claim_redemption(uuid4(), sub, "escort", "", pg_clinic.c(STAFF)),
    )

    assert Counter(type(r) for r in results) == {Done: 2, EntitlementExhausted: THREADS - 2}
    usage = _ledger(pg_clinic, sub).usage()["escort"]
    assert (usage.claimed, usage.remaining) == (2, 0)


def test_given_one_receipt_sent_by_many_threads_then_it_redeems_once(pg_clinic: Clinic) -> None:
    patient, sub = pg_clinic.active()
    now = pg_clinic.clock.now()

    results = race(
        THREADS,
        lambda _: pg_clinic.app.receive_receipt(
            "edu", "EDU-SAME", patient, "education", now, pg_clinic.c(MALL)
        ),
    )

    assert all(isinstance(r, Done) for r in results), results
    assert len({r.id for r in results}) == 1
    assert sum(not r.outcome.replayed for r in results) == 1
    assert _ledger(pg_clinic, sub).usage()["education"].redeemed == 1


def test_given_agreements_racing_then_the_last_committed_amount_stands(pg_clinic: Clinic) -> None:
    _, sub = pg_clinic.active()
    refund = _agreed_refund(pg_clinic, sub, RefundScope("goodwill"), "1.00")

    results = race(
        THREADS,
        lambda i: pg_clinic.app.agree_refund(
            refund, Money(100 * (i + 1)), "phoned", pg_clinic.c(STAFF)
        ),
    )

    assert all(isinstance(r, Done) for r in results), results
    last = max(range(THREADS), key=lambda i: results[i].position)
    assert pg_clinic.app.load(Subscription, sub).refund(refund).agreed_amount == 100 * (last + 1)


def test_given_approval_racing_receipts_for_the_same_units_then_never_both(
    pg_clinic: Clinic,
) -> None:
    patient, sub = pg_clinic.active()
    refund = _agreed_refund(pg_clinic, sub, RefundScope("items", {"follow_up": 12}), "500.00")
    now = pg_clinic.clock.now()

    def job(i: int) -> Done:
        if i == 0:
            return pg_clinic.app.approve_refund(refund, pg_clinic.c(LEAD))
        return pg_clinic.app.receive_receipt(
            "ivr", f"CALL-{i}", patient, "follow_up", now, pg_clinic.c(MALL)
        )

    results = race(THREADS, job)

    usage = _ledger(pg_clinic, sub).usage()["follow_up"]
    approved = isinstance(results[0], Done)
    redeemed = sum(isinstance(r, Done) for r in results[1:])
    assert usage.remaining >= 0 and usage.redeemed == redeemed
    if approved:
        assert (usage.revoked, usage.redeemed) == (12, 0)
        assert all(isinstance(r, NoMatchingEntitlement) for r in results[1:])
    else:
        assert isinstance(results[0], EntitlementExhausted) and redeemed > 0
        assert usage.revoked == 0
        assert pg_clinic.app.load(Subscription, sub).committed == 0
