"""Purchase and enrolment (product §2.4): price, snapshot, consultation, intake, expiry."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import uuid4

import pytest

from domain.context import Actor
from domain.errors import InvalidInput, InvalidSubscriptionState, PriceMismatch
from domain.money import Money
from domain.quote import RefundScope
from domain.subscription import Subscription
from domain.terms import RefundPolicy
from tests.domain.builders import PATIENT, active, ask, bought, buy, open_ledger, published
from tests.expect import broken
from tests.fixtures import (
    DOCTOR,
    INTAKE,
    LEAD,
    MALL,
    NURSE,
    STAFF,
    START,
    annual_package,
    ctx,
    diabetes_items,
)


def test_amount_must_equal_current_price() -> None:
    package = published()
    package.change_price(Money.parse("1799.00"), ctx(NURSE))
    for wrong in (Money.parse("1999.00"), Money.parse("1799.01"), Money(179900, "USD")):
        with broken(PriceMismatch, "amount_mismatch"):
            buy(package, amount=wrong)
    assert buy(package).amount_paid == Money.parse("1799.00")


@pytest.mark.parametrize(
    "changes",
    [{"payer_type": "lottery"}, {"buyer_relation": "neighbour"}, {"payment_ref": "  "}],
)
def test_purchase_needs_payer_type_buyer_relation_and_payment_ref(
    changes: dict[str, Any],
) -> None:
    package = published()
    fields: dict[str, Any] = {
        "terms": package.terms(), "patient_id": package.id, "buyer_user_id": "u",
        "buyer_relation": "self", "payer_type": "self_pay", "amount_paid": package.price,
        "payment_ref": "P-1", "ctx": ctx(MALL),
    }  # fmt: skip
    fields.update(changes)
    with broken(InvalidInput, "invalid_input"):
        Subscription.purchase(package.id, **fields)


def test_purchase_snapshots_terms() -> None:
    # Given a subscription bought at 1999.00
    package = published()
    subscription = buy(package)
    snapshot = subscription.terms
    # When the package's price and display texts change afterwards
    package.change_price(Money.parse("999.00"), ctx(NURSE))
    package.change_display({"name": "Cheaper", "description": "new"}, ctx(NURSE))
    # Then the subscription's terms are untouched
    assert subscription.terms == snapshot
    assert subscription.terms.content == annual_package()
    assert subscription.terms.content.price == subscription.amount_paid == Money(199900)
    assert subscription.terms.package_version == 1


def test_purchase_records_buyer_payer_and_when() -> None:
    subscription = buy(published())
    assert (subscription.buyer_user_id, subscription.buyer_relation) == ("grandson", "child")
    assert (subscription.payer_type, subscription.purchased_at) == ("family", START)
    assert subscription.payment_ref.startswith("MALL-")


def test_consultation_only_where_the_package_needs_it() -> None:
    needs = buy(published(annual_package(consultation_required=True)))
    assert needs.status == "awaiting_consultation"
    with broken(InvalidSubscriptionState, "invalid_subscription_state"):
        needs.submit_intake(INTAKE, ctx(MALL))
    assert needs.record_consultation(True, "fit", ctx(DOCTOR)) is None
    assert (needs.status, needs.consulted_by) == ("awaiting_intake", "dr-wang")
    with broken(InvalidSubscriptionState, "invalid_subscription_state"):
        bought().record_consultation(True, "fit", ctx(DOCTOR))


def test_unsuitable_consultation_ends_with_system_approved_full_refund() -> None:
    subscription = buy(published(annual_package(consultation_required=True)))
    refund_id = subscription.record_consultation(False, "eGFR too low", ctx(DOCTOR))
    assert refund_id is not None
    refund = subscription.refund(refund_id)
    assert (refund.status, refund.approved_by, refund.channel) == ("approved", "system", "system")
    assert (refund.scope, refund.reason_code) == ("remaining", "unsuitable")
    assert refund.approved_amount == subscription.amount_paid.fen == 199900
    assert subscription.status == "terminated"
    assert subscription.refundable == 0


def test_unsuitable_consultation_ends_a_free_subscription_without_a_refund() -> None:
    subscription = buy(published(annual_package(price="0", consultation_required=True)))
    assert subscription.record_consultation(False, "eGFR too low", ctx(DOCTOR)) is None
    assert (subscription.status, subscription.refunds) == ("terminated", {})
    assert subscription.collect_events()[-1].actor == Actor.system()  # type: ignore[attr-defined]


def test_unsuitable_after_every_item_was_refunded_before_start_ends_with_no_second_refund() -> None:
    # Given a self-service refund of every item before start, approved by the system at once
    subscription = buy(published(annual_package(consultation_required=True)))
    every_item = RefundScope("items", {i.code: i.quantity for i in diabetes_items()})
    first = ask(subscription, every_item, actor=PATIENT, channel="self_service", now=START)
    assert (subscription.refund(first).status, subscription.refundable) == ("approved", 0)
    # When the doctor finds the patient unsuitable
    assert subscription.record_consultation(False, "not suitable", ctx(DOCTOR)) is None
    # Then the subscription ends, with no refund beyond the one already approved
    assert subscription.status == "terminated"
    assert list(subscription.refunds) == [first]
    assert subscription.committed == subscription.amount_paid.fen


def test_unsuitable_refunds_everything_still_refundable_whatever_the_policy() -> None:
    # Given a pro-rata policy and one escort refunded below its quote before start
    pro_rata = RefundPolicy(full_before_start=False, cooling_off_days=0)
    subscription = buy(published(annual_package(consultation_required=True, policy=pro_rata)))
    escort = ask(subscription, now=START)
    subscription.agree_refund(escort, Money(10000), "agreed by phone", ctx(STAFF))
    subscription.approve_refund(escort, ctx(LEAD))
    assert subscription.refundable == 199900 - 10000
    # When the doctor finds the patient unsuitable
    refund_id = subscription.record_consultation(False, "not suitable", ctx(DOCTOR))
    # Then the rest of what was paid goes back, not only the unused units' pro-rata value
    assert refund_id is not None
    assert subscription.refund(refund_id).approved_amount == 189900
    assert (subscription.status, subscription.refundable) == ("terminated", 0)


def test_intake_completes_enrolment_and_starts_today_for_the_validity() -> None:
    now = START + timedelta(days=3)
    subscription = bought(annual_package(consultation_required=False, validity_days=30), now)
    ledger = open_ledger(subscription, now)
    assert subscription.status == "active" and subscription.started
    assert (subscription.starts_on, subscription.ends_on) == (date(2026, 3, 5), date(2026, 4, 3))
    assert (ledger.valid_from, ledger.valid_until) == (subscription.starts_on, subscription.ends_on)
    assert subscription.answers == INTAKE
    with broken(InvalidSubscriptionState, "invalid_subscription_state"):
        subscription.submit_intake(INTAKE, ctx(MALL, now))


def test_expired_once_the_end_date_passes() -> None:
    subscription, _ = active(annual_package(consultation_required=False, validity_days=30))
    last_day = START + timedelta(days=29)
    assert not subscription.is_due_to_expire(last_day.date())
    with broken(InvalidSubscriptionState, "invalid_subscription_state"):
        subscription.expire(ctx(MALL, last_day))
    assert subscription.is_due_to_expire(last_day.date() + timedelta(days=1))
    subscription.expire(ctx(MALL, last_day + timedelta(days=1)))
    assert subscription.status == "expired" and subscription.is_ended
    with broken(InvalidSubscriptionState, "invalid_subscription_state"):
        subscription.expire(ctx(MALL, last_day + timedelta(days=2)))
    with broken(InvalidSubscriptionState, "invalid_subscription_state"):
        bought().expire(ctx(MALL))


def test_completed_only_while_active() -> None:
    subscription, _ = active()
    subscription.complete(ctx(MALL))
    assert subscription.status == "completed"
    with broken(InvalidSubscriptionState, "invalid_subscription_state"):
        subscription.complete(ctx(MALL))


def test_unsuitable_consultation_supersedes_an_open_refund() -> None:
    from domain.quote import RefundScope
    from tests.fixtures import STAFF

    # Given a subscription awaiting consultation with a goodwill refund under negotiation
    subscription = buy(published(annual_package(consultation_required=True)))
    subscription.request_refund(
        uuid4(), RefundScope("goodwill"), "other", "", None, None, ctx(STAFF), "staff_on_behalf"
    )
    # When the doctor finds the patient unsuitable
    refund_id = subscription.record_consultation(False, "not suitable", ctx(DOCTOR))
    # Then the open refund is rejected and the full refund is approved by the system
    assert refund_id is not None
    statuses = sorted(r.status for r in subscription.refunds.values())
    assert statuses == ["approved", "rejected"]
    assert subscription.refund(refund_id).approved_amount == subscription.amount_paid.fen
    assert subscription.status == "terminated"


def test_refund_of_units_is_not_approved_once_the_subscription_ended() -> None:
    from domain.quote import RefundScope
    from tests.fixtures import LEAD, STAFF

    # Given an items refund requested before the subscription expired
    subscription, _ledger = active()
    refund_id = uuid4()
    subscription.request_refund(
        refund_id, RefundScope("items", {"escort": 1}), "other", "", None, None,
        ctx(STAFF, START + timedelta(days=30)), "staff_on_behalf",
    )  # fmt: skip
    subscription.expire(ctx(Actor.system(), START + timedelta(days=400)))
    # Then approving it is refused and the subscription stays expired
    with broken(InvalidSubscriptionState, "invalid_subscription_state"):
        subscription.approve_refund(refund_id, ctx(LEAD, START + timedelta(days=400)))
    assert subscription.status == "expired"
