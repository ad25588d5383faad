"""Cancelling before the start (product §2.4): only with nothing to refund, its own event."""

from __future__ import annotations

import pytest

from domain.errors import CancellationNeedsRefund, InvalidInput, InvalidSubscriptionState
from domain.quote import RefundScope
from domain.subscription import Subscription
from tests.domain.builders import PATIENT, active, ask, bought
from tests.expect import broken
from tests.fixtures import INTAKE, annual_package, ctx

FREE = annual_package(price="0.00", consultation_required=False)


def test_a_free_subscription_is_cancelled_before_it_starts() -> None:
    subscription = bought(FREE)
    subscription.collect_events()

    subscription.cancel("no_longer_needed", ctx(PATIENT))

    [event] = subscription.collect_events()
    assert isinstance(event, Subscription.Cancelled) and event.reason_code == "no_longer_needed"
    assert subscription.status == "cancelled" and subscription.is_ended


def test_a_free_subscription_awaiting_its_consultation_is_cancelled_too() -> None:
    subscription = bought(annual_package(price="0.00", consultation_required=True))
    assert subscription.status == "awaiting_consultation"
    subscription.cancel("duplicate_purchase", ctx(PATIENT))
    assert subscription.status == "cancelled"


def test_with_money_still_refundable_cancelling_is_a_refund_instead() -> None:
    subscription = bought()
    subscription.collect_events()
    with broken(CancellationNeedsRefund, "cancellation_needs_refund") as info:
        subscription.cancel("no_longer_needed", ctx(PATIENT))
    assert "1999.00" in info.value.detail
    assert subscription.collect_events() == [] and subscription.status == "awaiting_intake"


def test_once_refunded_in_full_before_the_start_nothing_is_left_to_cancel() -> None:
    subscription = bought()
    ask(subscription, RefundScope("remaining"), actor=PATIENT, channel="self_service")
    assert subscription.status == "terminated" and subscription.refundable == 0
    with broken(InvalidSubscriptionState, "invalid_subscription_state"):
        subscription.cancel("no_longer_needed", ctx(PATIENT))


def test_a_started_subscription_cannot_be_cancelled() -> None:
    subscription = active(FREE)[0]
    with broken(InvalidSubscriptionState, "invalid_subscription_state"):
        subscription.cancel("no_longer_needed", ctx(PATIENT))


@pytest.mark.parametrize("code", ["", "changed_my_mind", "NO_LONGER_NEEDED"])
def test_the_reason_is_one_of_the_refund_reason_codes(code: str) -> None:
    with broken(InvalidInput, "invalid_input"):
        bought(FREE).cancel(code, ctx(PATIENT))


def test_a_cancelled_subscription_takes_no_intake() -> None:
    subscription = bought(FREE)
    subscription.cancel("other", ctx(PATIENT))
    with broken(InvalidSubscriptionState, "invalid_subscription_state"):
        subscription.submit_intake(INTAKE, ctx(PATIENT))
