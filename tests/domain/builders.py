"""Builders for pure domain tests: published packages, bought and active subscriptions.

They wire the aggregates the way the application does (intake opens the ledger,
approving an items/remaining refund revokes in the ledger), with no event store.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID, uuid4

from domain.context import Actor
from domain.ledger import EntitlementLedger
from domain.money import Money
from domain.package import ServicePackage
from domain.quote import RefundScope
from domain.subscription import Subscription
from domain.terms import PackageContent
from tests.fixtures import INTAKE, MALL, NURSE, REVIEWER, STAFF, START, annual_package, ctx


def published(content: PackageContent | None = None) -> ServicePackage:
    """A package drafted by the nurse, approved and published by the reviewer."""
    package = ServicePackage.draft(uuid4(), content or annual_package(), ctx(NURSE))
    package.submit(ctx(NURSE))
    package.approve(ctx(REVIEWER))
    package.publish(ctx(REVIEWER))
    return package


def buy(
    package: ServicePackage,
    *,
    now: datetime = START,
    amount: Money | None = None,
    actor: Actor = MALL,
) -> Subscription:
    return Subscription.purchase(
        uuid4(),
        terms=package.terms(),
        patient_id=uuid4(),
        buyer_user_id="grandson",
        buyer_relation="child",
        payer_type="family",
        amount_paid=amount or package.price,
        payment_ref=f"MALL-{uuid4()}",
        ctx=ctx(actor, now),
    )


def bought(content: PackageContent | None = None, now: datetime = START) -> Subscription:
    """A subscription awaiting intake (no consultation needed unless `content` asks)."""
    return buy(published(content or annual_package(consultation_required=False)), now=now)


def open_ledger(subscription: Subscription, now: datetime = START) -> EntitlementLedger:
    """Submit the intake and open the ledger, as the application's enrolment does."""
    subscription.submit_intake(INTAKE, ctx(Actor("grandson", "proxy"), now))
    return EntitlementLedger.open_for(subscription, ctx(NURSE, now))


def active(
    content: PackageContent | None = None, now: datetime = START
) -> tuple[Subscription, EntitlementLedger]:
    subscription = bought(content, now)
    return subscription, open_ledger(subscription, now)


def revoke_if_approved(
    subscription: Subscription, ledger: EntitlementLedger, refund_id: UUID, now: datetime = START
) -> None:
    """The application's step after an approval: take the refunded units back."""
    refund = subscription.refund(refund_id)
    if refund.status != "approved" or refund.scope == "goodwill":
        return
    c = ctx(Actor.system(), now)
    if refund.scope == "items":
        ledger.revoke(refund_id, refund.items, c)
    else:
        ledger.revoke_remaining(refund_id, c)
        ledger.close("terminated", c)


# --- refunds -----------------------------------------------------------------------
PATIENT = Actor("user-grandma", "patient")
ESCORT = RefundScope("items", {"escort": 1})
LATER = START + timedelta(days=30)  # past the 7-day cooling-off: pro rata


def ask(
    subscription: Subscription,
    scope: RefundScope = ESCORT,
    *,
    actor: Actor = STAFF,
    channel: str = "staff_on_behalf",
    amount: Money | None = None,
    now: datetime = LATER,
) -> UUID:
    """A refund request (by default one escort, by staff, a month after purchase)."""
    refund_id = uuid4()
    subscription.request_refund(
        refund_id, scope, "no_longer_needed", "", amount, None, ctx(actor, now), channel
    )
    return refund_id


def started() -> Subscription:
    """An active subscription of the annual package (its ledger is not needed)."""
    return active()[0]
