"""The seeds' story as one scenario: a grandson buys his grandmother's annual package."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

from application.app import Carepack
from application.clock import FixedClock
from application.settings import Settings
from domain.context import Actor, Ctx
from domain.errors import ApprovalNeedsFinance
from domain.ledger import EntitlementLedger, ledger_id_for
from domain.money import Money
from domain.quote import RefundScope
from domain.subscription import Subscription
from tests.expect import broken
from tests.fixtures import (
    DOCTOR,
    FINANCE,
    INTAKE,
    LEAD,
    MALL,
    NURSE,
    REVIEWER,
    STAFF,
    START,
    annual_package,
    ctx,
    patient_actor,
    proxy_actor,
)


def test_grandson_buys_grandmothers_package_and_gets_one_escort_refunded(
    settings: Settings,
) -> None:
    clock = FixedClock(START)
    app = Carepack(settings, clock)

    def c(actor: Actor) -> Ctx:
        return ctx(actor, clock.now())

    # Given a published annual diabetes package
    package_id = uuid4()
    app.draft_package(package_id, annual_package(), c(NURSE))
    app.submit_package(package_id, c(NURSE))
    app.approve_package(package_id, c(REVIEWER))
    app.publish_package(package_id, c(REVIEWER))

    # And a grandmother whose grandson may buy and confirm for her
    grandma = uuid4()
    app.register_patient(
        grandma, name="王秀英", sex="female", birth_date=date(1948, 4, 2), phone="13800000000",
        id_document_type="resident_id", id_number="110101194804021234",
        department="endocrinology", ctx=c(STAFF),
    )  # fmt: skip
    app.authorise_proxy(
        grandma, "grandson", "child", ["purchase", "confirm_redemption", "request_refund"], c(STAFF)
    )
    episode = uuid4()
    app.open_episode(
        episode, patient_id=grandma, department="endocrinology", condition_code="E11",
        condition_label="Type 2 diabetes", care_team_id="endo-team-1", programme="chronic_disease",
        ctx=c(DOCTOR),
    )  # fmt: skip

    # When the grandson buys it through the mall
    sub = uuid4()
    bought = app.purchase(
        sub, package_id=package_id, patient_id=grandma, buyer_user_id="grandson",
        buyer_relation="child", payer_type="family", amount_paid=Money.parse("1999.00"),
        payment_ref="MALL-0001", ctx=c(MALL),
    )  # fmt: skip
    assert bought.outcome.status == "awaiting_consultation"

    # And the doctor consults, and the grandson fills the intake form
    app.record_consultation(sub, True, "suitable", c(DOCTOR))
    app.submit_intake(sub, INTAKE, c(proxy_actor("grandson", grandma)))
    assert app.load(Subscription, sub).status == "active"

    # And a follow-up and an education receipt redeem automatically
    clock.advance(timedelta(days=10))
    follow_up = uuid4()
    app.schedule_follow_up(episode, follow_up, clock.now().date(), "phone", "staff-zhao", c(STAFF))
    done = app.complete_follow_up(episode, follow_up, "glucose stable", c(STAFF))
    assert done.outcome.subscription_id == sub
    first = app.receive_receipt("edu-platform", "EDU-1", grandma, "education", clock.now(), c(MALL))
    again = app.receive_receipt("edu-platform", "EDU-1", grandma, "education", clock.now(), c(MALL))
    assert again.id == first.id and again.outcome.replayed and again.position is None

    # And an escort is claimed by staff and confirmed by the grandson
    escort = uuid4()
    app.claim_redemption(escort, sub, "escort", "escorted to clinic", c(STAFF))
    app.confirm_redemption(escort, c(proxy_actor("grandson", grandma)))
    ledger = app.load(EntitlementLedger, ledger_id_for(sub))
    assert ledger.usage()["follow_up"].redeemed == 1
    assert ledger.usage()["education"].redeemed == 1
    assert ledger.usage()["escort"].redeemed == 1

    # Then a refund of one escort is quoted exactly: 1999.00 × 600/2500 / 2 = 239.88
    refund = uuid4()
    asked = app.request_refund(
        refund, sub, scope=RefundScope("items", {"escort": 1}), reason_code="no_longer_needed",
        reason_text="", requested_amount=None, ctx=c(proxy_actor("grandson", grandma)),
    )  # fmt: skip
    assert asked.outcome.quote.amount == 23988

    # When staff agree it on the phone, the lead approves and the mall pays
    app.agree_refund(refund, Money.parse("239.88"), "called grandson", c(STAFF))
    app.approve_refund(refund, c(LEAD))
    paid = app.record_refund_payment(
        refund, paid=True, provider_ref="RF-1", amount=Money.parse("239.88"), reason="", ctx=c(MALL)
    )
    assert paid.outcome.status == "paid"
    subscription = app.load(Subscription, sub)
    assert subscription.refunded == 23988
    assert app.load(EntitlementLedger, ledger_id_for(sub)).usage()["escort"].remaining == 0

    # And a goodwill refund needs finance, not the lead
    goodwill = uuid4()
    app.request_refund(
        goodwill, sub, scope=RefundScope("goodwill"), reason_code="other", reason_text="late visit",
        requested_amount=Money.parse("50.00"), ctx=c(patient_actor(grandma)),
    )  # fmt: skip
    app.agree_refund(goodwill, Money.parse("50.00"), "apology", c(STAFF))
    with broken(ApprovalNeedsFinance, "approval_requires_finance"):
        app.approve_refund(goodwill, c(LEAD))
    app.approve_refund(goodwill, c(FINANCE))
    assert app.load(Subscription, sub).refundable == 199900 - 23988 - 5000
