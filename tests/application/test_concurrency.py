"""Many threads on ONE shared application over PostgreSQL, the way the API runs it."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from typing import Any
from uuid import UUID, uuid4

import pytest

from application.base import Done
from application.outcomes import RefundRequested
from domain.context import Actor
from domain.errors import ConcurrencyConflict, DomainError, PaymentRefReused
from domain.ledger import EntitlementLedger, ledger_id_for
from domain.money import Money
from domain.patient import Patient
from domain.quote import RefundScope
from domain.subscription import Subscription
from tests.application.saves import race
from tests.clinic import ALL_PROXY_RIGHTS, Clinic
from tests.fixtures import FINANCE, LEAD, MALL

pytestmark = pytest.mark.postgres
THREADS = 12


def test_given_ten_purchases_with_one_payment_ref_then_exactly_one_succeeds(
    pg_clinic: Clinic,
) -> None:
    patient, package = pg_clinic.patient(proxy_rights=ALL_PROXY_RIGHTS), pg_clinic.publish()

    results = race(10, lambda _: pg_clinic.buy(package, patient, payment_ref="MALL-RACE"))

    won = [r for r in results if isinstance(r, UUID)]
    assert len(won) == 1
    assert Counter(type(r) for r in results if r not in won) == {PaymentRefReused: 9}
    assert pg_clinic.app.load(Patient, patient).subscription_ids == won


def test_given_purchases_racing_on_one_patient_then_every_one_is_retried_and_saved(
    pg_clinic: Clinic,
) -> None:
    patient, package = pg_clinic.patient(proxy_rights=ALL_PROXY_RIGHTS), pg_clinic.publish()

    results = race(8, lambda i: pg_clinic.buy(package, patient, payment_ref=f"MALL-{i}"))

    assert all(isinstance(r, UUID) for r in results), results
    assert sorted(pg_clinic.app.load(Patient, patient).subscription_ids) == sorted(results)


def _worker(clinic: Clinic, patient: UUID, sub: UUID, refunds: list[UUID]) -> Callable[[int], Any]:
    """A thread's random mix of receipts, claims, refund requests, agreements and approvals."""

    def act(rng: random.Random, t: int, k: int) -> Done:
        now, staff = clinic.clock.now(), Actor(f"staff-{t}", "service_staff")
        choice = rng.choice(["receipt", "claim", "request", "agree", "approve", "approve"])
        if choice == "receipt":
            kind = rng.choice(["follow_up", "education"])
            return clinic.app.receive_receipt("dev", f"{t}-{k}", patient, kind, now, clinic.c(MALL))
        if choice == "claim":
            return clinic.app.claim_redemption(uuid4(), sub, "escort", "", clinic.c(staff))
        if choice == "request" or not refunds:
            scope = rng.choice([RefundScope("items", {"follow_up": 1}), RefundScope("goodwill")])
            done = clinic.app.request_refund(
                uuid4(), sub, scope=scope, reason_code="other", reason_text="",
                requested_amount=None, ctx=clinic.c(staff),
            )  # fmt: skip
            refunds.append(done.id)
            return done
        refund = refunds[-1]
        if choice == "agree":
            amount = Money(rng.choice([5000, 30000, 60000]))
            return clinic.app.agree_refund(refund, amount, "phoned", clinic.c(staff))
        return clinic.app.approve_refund(refund, clinic.c(rng.choice([LEAD, FINANCE])))

    def job(t: int) -> list[Done | DomainError]:
        rng, out = random.Random(t), list[Done | DomainError]()
        for k in range(12):
            try:
                out.append(act(rng, t, k))
            except DomainError as error:
                out.append(error)
        return out

    return job


def test_given_threads_racing_on_one_subscription_then_no_invariant_breaks(
    pg_clinic: Clinic,
) -> None:
    patient, sub = pg_clinic.active()
    refunds: list[UUID] = []

    outcomes = [o for r in race(THREADS, _worker(pg_clinic, patient, sub, refunds)) for o in r]

    acknowledged = [o for o in outcomes if isinstance(o, Done)]
    errors = Counter(type(o).__name__ for o in outcomes if not isinstance(o, Done))
    assert len(acknowledged) > THREADS, errors
    # A safe refusal, but rare: lost races are retried with back-off (see application.base).
    assert errors[ConcurrencyConflict.__name__] <= len(outcomes) // 50, errors
    subscription = pg_clinic.app.load(Subscription, sub)
    ledger = pg_clinic.app.load(EntitlementLedger, ledger_id_for(sub))
    assert 0 <= subscription.committed <= subscription.amount_paid.fen
    assert all(u.remaining >= 0 for u in ledger.usage().values()), ledger.usage()
    # Every acknowledged command is in the store and left its mark; nothing else did.
    stored = {n.id for n in pg_clinic.notifications()}
    assert all(d.position in stored for d in acknowledged if d.position is not None)
    redemptions = {d.id for d in acknowledged if _status(d) in ("redeemed", "claimed")}
    assert redemptions == set(ledger.redemptions)
    usage = ledger.usage()
    assert usage["follow_up"].redeemed + usage["education"].redeemed + usage[
        "escort"
    ].claimed == len(redemptions)
    requested = {d.id for d in acknowledged if isinstance(d.outcome, RefundRequested)}
    assert requested == set(subscription.refunds)
    approved = {d.id for d in acknowledged if _status(d) == "approved"}
    committed = {r.refund_id for r in subscription.refunds.values() if r.approved_by}
    assert approved == committed


def _status(done: Done[Any]) -> str | None:
    """The status a command's outcome reports, if it has one."""
    status: str | None = getattr(done.outcome, "status", None)
    return status
