"""Refund rules on a subscription (product §2.4): one open at a time, who approves, withdraws."""

from __future__ import annotations

import pytest

from domain.context import Actor
from domain.errors import (
    ApprovalNeedsFinance,
    ApprovalNeedsLead,
    ApproverNotIndependent,
    InvalidRefundState,
    NotRefundRequester,
    RefundAlreadyOpen,
)
from domain.money import Money
from domain.quote import RefundScope
from domain.refunds import SubscriptionRefunds
from domain.subscription import Subscription
from tests.domain.builders import ESCORT, PATIENT, ask, bought, started
from tests.expect import broken
from tests.fixtures import DOCTOR, FINANCE, LEAD, MALL, NURSE, STAFF, ctx


def test_at_most_one_open_refund() -> None:
    subscription = started()
    first = ask(subscription)
    for status in ("quoted", "agreed"):
        assert subscription.refund(first).status == status
        with broken(RefundAlreadyOpen, "refund_already_open"):
            ask(subscription, RefundScope("goodwill"))
        subscription.agree_refund(first, Money(23988), "call", ctx(STAFF))
    subscription.reject_refund(first, "changed mind", ctx(LEAD))
    second = ask(subscription)  # a closed refund no longer blocks
    assert subscription.open_refund is not None
    assert subscription.open_refund.refund_id == second


def test_self_service_refund_before_start_is_approved_by_system() -> None:
    subscription = bought()
    refund_id = ask(subscription, RefundScope("remaining"), actor=PATIENT, channel="self_service")
    refund = subscription.refund(refund_id)
    assert (refund.status, refund.approved_by, refund.approved_amount) == (
        "approved", "system", 199900,
    )  # fmt: skip
    assert subscription.status == "terminated"


def test_items_refunded_before_start_are_revoked_when_the_ledger_opens() -> None:
    subscription = bought()
    ask(subscription, RefundScope("items", {"escort": 2}), actor=PATIENT, channel="self_service")
    assert subscription.revoked_before_start == {"escort": 2}
    assert subscription.usage_before_start()["escort"].remaining == 0


@pytest.mark.parametrize(
    ("channel", "scope", "started_first"),
    [("staff_on_behalf", RefundScope("remaining"), False),
     ("self_service", RefundScope("goodwill"), False),
     ("self_service", RefundScope("remaining"), True)],
)  # fmt: skip
def test_only_self_service_items_before_start_skip_the_approver(
    channel: str, scope: RefundScope, started_first: bool
) -> None:
    subscription = started() if started_first else bought()
    refund_id = ask(subscription, scope, actor=PATIENT, channel=channel, amount=Money(100))
    assert subscription.refund(refund_id).status == "quoted"


def test_at_or_below_quote_needs_a_service_lead() -> None:
    for agreed in (None, 23988, 20000):
        subscription = started()
        refund_id = ask(subscription)
        if agreed is not None:
            subscription.agree_refund(refund_id, Money(agreed), "call", ctx(NURSE))
        for outsider in (DOCTOR, Actor("staff-2", "service_staff"), MALL):
            with broken(ApprovalNeedsLead, "approval_requires_service_lead"):
                subscription.approve_refund(refund_id, ctx(outsider))
        subscription.approve_refund(refund_id, ctx(LEAD))
        assert subscription.refund(refund_id).approved_amount == (agreed or 23988)


def test_finance_may_also_approve_at_or_below_quote() -> None:
    subscription = started()
    refund_id = ask(subscription)
    subscription.approve_refund(refund_id, ctx(FINANCE))
    assert subscription.refund(refund_id).approved_by == "fin-qian"


@pytest.mark.parametrize("scope", [ESCORT, RefundScope("goodwill")])
def test_above_quote_or_goodwill_needs_finance(scope: RefundScope) -> None:
    subscription = started()
    refund_id = ask(subscription, scope)
    subscription.agree_refund(refund_id, Money(30000), "call", ctx(NURSE))
    with broken(ApprovalNeedsFinance, "approval_requires_finance"):
        subscription.approve_refund(refund_id, ctx(LEAD))
    subscription.approve_refund(refund_id, ctx(FINANCE))
    assert subscription.refundable == 199900 - 30000


def test_goodwill_needs_finance_even_at_its_quote() -> None:
    subscription = started()
    refund_id = ask(subscription, RefundScope("goodwill"))  # quoted at 0, never agreed
    with broken(ApprovalNeedsFinance, "approval_requires_finance"):
        subscription.approve_refund(refund_id, ctx(LEAD))


def test_approver_is_never_requester_nor_agreer() -> None:
    subscription = started()
    requested_by_lead = ask(subscription, actor=LEAD)
    with broken(ApproverNotIndependent, "approver_not_independent"):
        subscription.approve_refund(requested_by_lead, ctx(LEAD))
    subscription.reject_refund(requested_by_lead, "asked by mistake", ctx(FINANCE))
    agreed_by_finance = ask(subscription, RefundScope("goodwill"))
    subscription.agree_refund(agreed_by_finance, Money(100), "call", ctx(FINANCE))
    with broken(ApproverNotIndependent, "approver_not_independent"):
        subscription.approve_refund(agreed_by_finance, ctx(FINANCE))


def test_withdraw_only_by_requester() -> None:
    subscription = started()
    refund_id = ask(subscription, actor=PATIENT, channel="self_service")
    with broken(NotRefundRequester, "not_refund_requester"):
        subscription.withdraw_refund(refund_id, ctx(STAFF))
    subscription.withdraw_refund(refund_id, ctx(PATIENT))
    assert subscription.refund(refund_id).status == "withdrawn"
    with broken(InvalidRefundState, "invalid_refund_state"):
        subscription.withdraw_refund(refund_id, ctx(PATIENT))


def test_goodwill_is_approved_only_once_an_amount_is_agreed() -> None:
    subscription = started()
    refund_id = ask(subscription, RefundScope("goodwill"))  # the policy quotes 0
    with broken(InvalidRefundState, "invalid_refund_state"):
        subscription.approve_refund(refund_id, ctx(FINANCE))
    subscription.agree_refund(refund_id, Money(5000), "apology for a late visit", ctx(STAFF))
    subscription.approve_refund(refund_id, ctx(FINANCE))
    assert subscription.refund(refund_id).approved_amount == 5000


def test_refund_events_are_the_mixin_s_classes_which_projections_must_name() -> None:
    """Why projections say `SubscriptionRefunds.X`: the subclass's copy is never emitted."""
    subscription = started()
    ask(subscription)
    [event] = [e for e in subscription.collect_events() if type(e).__name__ == "RefundRequested"]
    assert type(event) is SubscriptionRefunds.RefundRequested
    assert not isinstance(event, Subscription.RefundRequested)
    assert issubclass(Subscription.RefundRequested, SubscriptionRefunds.RefundRequested)
