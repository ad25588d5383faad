"""Enrolment rules across aggregates: activation, unsuitable consultations, payment refs, expiry."""

from __future__ import annotations

from uuid import uuid4

from application.outcomes import Consulted
from domain.errors import PaymentRefReused
from domain.ledger import EntitlementLedger, ledger_id_for
from domain.patient import Patient
from domain.quote import RefundScope
from domain.subscription import Subscription
from tests.application.saves import assert_one_save, topics
from tests.clinic import ALL_PROXY_RIGHTS, GRANDSON, Clinic
from tests.expect import broken
from tests.fixtures import (
    DOCTOR,
    INTAKE,
    MALL,
    START,
    annual_package,
    diabetes_items,
    proxy_actor,
)


def test_given_consulted_when_intake_submitted_then_activation_opens_ledger_in_one_save(
    clinic: Clinic,
) -> None:
    patient = clinic.patient(proxy_rights=ALL_PROXY_RIGHTS)
    sub = clinic.buy(clinic.publish(), patient)
    clinic.app.record_consultation(sub, True, "suitable", clinic.c(DOCTOR))
    before = clinic.last_position()

    done = clinic.app.submit_intake(sub, INTAKE, clinic.c(proxy_actor("grandson", patient)))

    written = clinic.written_since(before)
    assert assert_one_save(written, done.position) == {sub, ledger_id_for(sub)}
    assert topics(written) == [
        "Subscription.IntakeSubmitted",
        "Subscription.Activated",
        "EntitlementLedger.Opened",
    ]
    ledger = clinic.app.load(EntitlementLedger, ledger_id_for(sub))
    subscription = clinic.app.load(Subscription, sub)
    assert subscription.status == "active" and ledger.is_open
    assert (ledger.valid_from, ledger.valid_until) == (subscription.starts_on, subscription.ends_on)
    assert ledger.usage()["follow_up"].granted == 12


def test_given_unsuitable_consultation_then_terminated_with_system_approved_full_refund(
    clinic: Clinic,
) -> None:
    patient = clinic.patient(proxy_rights=ALL_PROXY_RIGHTS)
    sub = clinic.buy(clinic.publish(), patient)
    before = clinic.last_position()

    done = clinic.app.record_consultation(sub, False, "eGFR too low", clinic.c(DOCTOR))

    subscription = clinic.app.load(Subscription, sub)
    refund_id = done.outcome.refund_id
    assert subscription.status == done.outcome.status == "terminated"
    assert clinic.app.refund_subscription_id(refund_id) == sub
    refund = subscription.refund(refund_id)
    assert (refund.status, refund.channel, refund.approved_by) == ("approved", "system", "system")
    assert refund.approved_amount == subscription.amount_paid.fen == 199900
    assert subscription.refundable == 0
    written = clinic.written_since(before)
    assert_one_save(written, done.position)
    assert [t for t in topics(written) if t.endswith(".Terminated")]
    # The mall then pays it out and the subscription is refunded.
    clinic.app.record_refund_payment(
        refund_id, paid=True, provider_ref="RF-9", amount=None, reason="", ctx=clinic.c(MALL)
    )
    assert clinic.app.load(Subscription, sub).status == "refunded"


def test_given_every_item_refunded_before_start_when_unsuitable_then_terminated_without_refund(
    clinic: Clinic,
) -> None:
    # Given the grandson's self-service refund of every item before start (approved at once)
    patient = clinic.patient(proxy_rights=ALL_PROXY_RIGHTS)
    sub = clinic.buy(clinic.publish(), patient)
    every_item = RefundScope("items", {i.code: i.quantity for i in diabetes_items()})
    first = clinic.app.request_refund(
        uuid4(), sub, scope=every_item, reason_code="no_longer_needed", reason_text="",
        requested_amount=None, ctx=clinic.c(proxy_actor(GRANDSON, patient)),
    )  # fmt: skip
    assert clinic.app.load(Subscription, sub).refundable == 0
    before = clinic.last_position()

    # When the doctor records the enrolment consultation as unsuitable
    done = clinic.app.record_consultation(sub, False, "eGFR too low", clinic.c(DOCTOR))

    # Then the subscription is terminated in one save, and no second refund is opened
    assert done.outcome == Consulted(status="terminated", refund_id=None)
    written = clinic.written_since(before)
    assert_one_save(written, done.position)
    assert topics(written) == ["Subscription.EnrolmentConsulted", "SubscriptionRefunds.Terminated"]
    subscription = clinic.app.load(Subscription, sub)
    assert list(subscription.refunds) == [first.id]
    # The first refund is still paid out as usual, and then the subscription is refunded
    clinic.app.record_refund_payment(
        first.id, paid=True, provider_ref="RF-1", amount=None, reason="", ctx=clinic.c(MALL)
    )
    assert clinic.app.load(Subscription, sub).status == "refunded"


def test_given_used_payment_ref_when_purchase_again_then_payment_ref_reused(clinic: Clinic) -> None:
    patient = clinic.patient(proxy_rights=ALL_PROXY_RIGHTS)
    package = clinic.publish()
    clinic.buy(package, patient, payment_ref="MALL-42")
    before = clinic.last_position()

    with broken(PaymentRefReused, "payment_ref_reused"):
        clinic.buy(package, patient, payment_ref=" MALL-42 ")

    assert clinic.last_position() == before
    assert len(clinic.app.load(Patient, patient).subscription_ids) == 1


def test_given_subscriptions_when_expire_due_then_only_those_past_end_expire_and_close_ledgers(
    clinic: Clinic,
) -> None:
    patient = clinic.patient(proxy_rights=ALL_PROXY_RIGHTS)
    _, short = clinic.active(annual_package(validity_days=30), patient)
    _, long = clinic.active(annual_package(validity_days=365), patient)
    pending = clinic.buy(clinic.publish(annual_package(validity_days=1)), patient)

    clinic.later(29)
    assert clinic.app.expire_due(clinic.c(MALL)) == []
    clinic.later(1)
    done = clinic.app.expire_due(clinic.c(MALL))

    assert [d.id for d in done] == [short]
    assert clinic.app.load(Subscription, short).status == "expired"
    assert clinic.app.load(EntitlementLedger, ledger_id_for(short)).closed_reason == "expired"
    assert clinic.app.load(Subscription, long).status == "active"
    assert clinic.app.load(EntitlementLedger, ledger_id_for(long)).is_open
    assert clinic.app.load(Subscription, pending).status == "awaiting_consultation"
    assert clinic.clock.now().date() > START.date()
    # Running it again finds nothing more to do.
    assert clinic.app.expire_due(clinic.c(MALL)) == []
