"""Refund rules across the subscription and its ledger: approvals revoke in the same save."""

from __future__ import annotations

from uuid import UUID, uuid4

from domain.ledger import EntitlementLedger, ledger_id_for
from domain.money import Money
from domain.quote import RefundScope
from domain.subscription import Subscription
from tests.application.saves import assert_one_save, topics
from tests.clinic import Clinic
from tests.fixtures import FINANCE, LEAD, STAFF


def _request(clinic: Clinic, sub: UUID, scope: RefundScope, amount: str | None = None) -> UUID:
    refund = uuid4()
    clinic.app.request_refund(
        refund, sub, scope=scope, reason_code="no_longer_needed", reason_text="",
        requested_amount=None if amount is None else Money.parse(amount), ctx=clinic.c(STAFF),
    )  # fmt: skip
    return refund


def test_given_items_refund_when_approved_then_entitlements_revoked_in_the_same_save(
    clinic: Clinic,
) -> None:
    _, sub = clinic.active()
    refund = _request(clinic, sub, RefundScope("items", {"follow_up": 3, "education": 1}))
    before = clinic.last_position()

    done = clinic.app.approve_refund(refund, clinic.c(LEAD))

    written = clinic.written_since(before)
    assert assert_one_save(written, done.position) == {sub, ledger_id_for(sub)}
    assert [t.rsplit(".", 1)[1] for t in topics(written)] == [
        "RefundApproved",
        "EntitlementsRevoked",
    ]
    usage = clinic.app.load(EntitlementLedger, ledger_id_for(sub)).usage()
    assert (usage["follow_up"].revoked, usage["follow_up"].remaining) == (3, 9)
    assert (usage["education"].revoked, usage["escort"].revoked) == (1, 0)
    assert clinic.app.load(Subscription, sub).status == "active"


def test_given_remaining_refund_when_approved_then_terminates_and_closes_ledger_in_one_save(
    clinic: Clinic,
) -> None:
    _, sub = clinic.active()
    refund = _request(clinic, sub, RefundScope("remaining"))
    before = clinic.last_position()

    done = clinic.app.approve_refund(refund, clinic.c(LEAD))

    written = clinic.written_since(before)
    assert assert_one_save(written, done.position) == {sub, ledger_id_for(sub)}
    assert [t.rsplit(".", 1)[1] for t in topics(written)] == [
        "RefundApproved",
        "Terminated",
        "EntitlementsRevoked",
        "Closed",
    ]
    ledger = clinic.app.load(EntitlementLedger, ledger_id_for(sub))
    assert ledger.closed_reason == "terminated"
    assert all(u.remaining == 0 for u in ledger.usage().values())
    assert clinic.app.load(Subscription, sub).status == "terminated"


def test_given_goodwill_refund_when_approved_then_entitlements_stay(clinic: Clinic) -> None:
    _, sub = clinic.active()
    refund = _request(clinic, sub, RefundScope("goodwill"), "50.00")
    clinic.app.agree_refund(refund, Money.parse("50.00"), "apology", clinic.c(STAFF))
    before = clinic.last_position()

    done = clinic.app.approve_refund(refund, clinic.c(FINANCE))

    assert assert_one_save(clinic.written_since(before), done.position) == {sub}
    ledger = clinic.app.load(EntitlementLedger, ledger_id_for(sub))
    assert ledger.is_open and all(u.revoked == 0 for u in ledger.usage().values())
    assert clinic.app.load(Subscription, sub).refundable == 199900 - 5000
