"""Refund payouts and balances (product §2.4): failed payouts, refunded, what remains refundable."""

from __future__ import annotations

from uuid import uuid4

from domain.errors import (
    InvalidInput,
    InvalidRefundState,
    InvalidSubscriptionState,
    PaymentAmountMismatch,
    RefundExceedsBalance,
    UnknownRefund,
)
from domain.money import Money
from domain.quote import RefundScope
from domain.terms import RefundPolicy
from tests.domain.builders import ESCORT, LATER, ask, bought, started
from tests.expect import broken
from tests.fixtures import FINANCE, LEAD, MALL, NURSE, STAFF, START, annual_package, ctx


def test_failed_payment_stays_approved_and_can_be_paid_later() -> None:
    subscription = started()
    refund_id = ask(subscription)
    subscription.approve_refund(refund_id, ctx(LEAD))
    subscription.record_refund_payment_failed(refund_id, "card closed", ctx(MALL))
    assert subscription.refund(refund_id).status == "payment_failed"
    assert subscription.committed == 23988 and subscription.refunded == 0
    assert subscription.open_refund is None  # it no longer blocks another request
    subscription.record_refund_paid(refund_id, "RF-2", Money(23988), ctx(MALL))
    refund = subscription.refund(refund_id)
    assert (refund.status, refund.paid_amount, refund.provider_ref) == ("paid", 23988, "RF-2")
    with broken(InvalidRefundState, "invalid_refund_state"):
        subscription.record_refund_payment_failed(refund_id, "late", ctx(MALL))


def test_payout_must_match_the_approved_amount_and_name_a_provider_ref() -> None:
    subscription = started()
    refund_id = ask(subscription)
    with broken(InvalidRefundState, "invalid_refund_state"):
        subscription.record_refund_paid(refund_id, "RF-1", Money(23988), ctx(MALL))
    subscription.approve_refund(refund_id, ctx(LEAD))
    with broken(PaymentAmountMismatch, "payment_amount_mismatch"):
        subscription.record_refund_paid(refund_id, "RF-1", Money(23989), ctx(MALL))
    with broken(InvalidInput, "invalid_input"):
        subscription.record_refund_paid(refund_id, " ", Money(23988), ctx(MALL))


def test_refunded_when_everything_paid_is_refunded() -> None:
    subscription = started()
    part = ask(subscription)
    subscription.approve_refund(part, ctx(LEAD))
    subscription.record_refund_paid(part, "RF-1", Money(23988), ctx(MALL))
    assert subscription.status == "active"
    rest = ask(subscription, RefundScope("goodwill"), amount=Money(199900 - 23988))
    subscription.agree_refund(rest, Money(199900 - 23988), "all of it", ctx(NURSE))
    subscription.approve_refund(rest, ctx(FINANCE))
    assert subscription.status == "active"  # approved is not yet refunded
    subscription.record_refund_paid(rest, "RF-2", Money(199900 - 23988), ctx(MALL))
    assert (subscription.status, subscription.refunded, subscription.refundable) == (
        "refunded", 199900, 0,
    )  # fmt: skip
    with broken(InvalidSubscriptionState, "invalid_subscription_state"):
        ask(subscription, RefundScope("goodwill"))


def test_nothing_left_to_refund_refuses_a_request() -> None:
    subscription = started()
    refund_id = ask(subscription, RefundScope("goodwill"))
    subscription.agree_refund(refund_id, Money(199900), "all", ctx(NURSE))
    subscription.approve_refund(refund_id, ctx(FINANCE))
    with broken(RefundExceedsBalance, "refund_exceeds_balance"):
        ask(subscription, RefundScope("goodwill"))


def test_requested_and_agreed_amounts_stay_within_the_refundable_balance() -> None:
    subscription = started()
    with broken(RefundExceedsBalance, "refund_exceeds_balance"):
        ask(subscription, RefundScope("goodwill"), amount=Money(199901))
    with broken(RefundExceedsBalance, "refund_exceeds_balance"):
        ask(subscription, RefundScope("goodwill"), amount=Money(-1))
    refund_id = ask(subscription, RefundScope("goodwill"), amount=Money(199900))
    assert subscription.refund(refund_id).requested_amount == 199900
    with broken(RefundExceedsBalance, "refund_exceeds_balance"):
        subscription.agree_refund(refund_id, Money(199901), "too much", ctx(NURSE))


def test_remaining_refund_terminates_and_ended_subscriptions_refund_only_goodwill() -> None:
    subscription = started()
    refund_id = ask(subscription, RefundScope("remaining"))
    subscription.approve_refund(refund_id, ctx(LEAD))
    assert subscription.status == "terminated" and subscription.is_ended
    for scope in (ESCORT, RefundScope("remaining")):
        with broken(InvalidSubscriptionState, "invalid_subscription_state"):
            ask(subscription, scope)
    if subscription.refundable > 0:
        ask(subscription, RefundScope("goodwill"))


def test_request_needs_known_channel_reason_and_a_fresh_id() -> None:
    subscription = started()
    refund_id = ask(subscription)
    subscription.reject_refund(refund_id, "no", ctx(LEAD))
    c = ctx(STAFF, LATER)
    for rid, reason, channel in (
        (uuid4(), "bored", "staff_on_behalf"),
        (uuid4(), "other", "carrier_pigeon"),
        (refund_id, "other", "staff_on_behalf"),
    ):
        with broken(InvalidInput, "invalid_input"):
            subscription.request_refund(rid, ESCORT, reason, "", None, None, c, channel)


def test_refund_steps_follow_its_state() -> None:
    subscription = started()
    with broken(UnknownRefund, "refund_not_found"):
        subscription.approve_refund(uuid4(), ctx(LEAD))
    refund_id = ask(subscription)
    with broken(InvalidInput, "invalid_input"):
        subscription.reject_refund(refund_id, " ", ctx(LEAD))
    subscription.approve_refund(refund_id, ctx(LEAD))
    for step in (
        lambda: subscription.approve_refund(refund_id, ctx(FINANCE)),
        lambda: subscription.agree_refund(refund_id, Money(1), "", ctx(NURSE)),
        lambda: subscription.reject_refund(refund_id, "late", ctx(LEAD)),
    ):
        with broken(InvalidRefundState, "invalid_refund_state"):
            step()


def test_quotes_before_start_use_the_full_before_start_policy() -> None:
    no_full = annual_package(
        consultation_required=False, policy=RefundPolicy(full_before_start=False)
    )
    subscription = bought(no_full)
    assert subscription.quote_for(RefundScope("remaining"), None, START).basis == "pro_rata"
    assert bought().quote_for(RefundScope("remaining"), None, START).amount == 199900


def test_terminate_is_recorded() -> None:
    subscription = started()
    subscription.terminate("fraud", ctx(LEAD))
    assert subscription.status == "terminated"
