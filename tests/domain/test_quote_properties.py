"""Properties of the quote and of refund sequences (product §3 and the invariant of §2.4)."""

from __future__ import annotations

from contextlib import suppress
from datetime import timedelta
from uuid import UUID, uuid4

from hypothesis import event, given, settings
from hypothesis import strategies as st

from domain.context import Actor
from domain.errors import DomainError, ItemNotRefundable, RefundExceedsEntitlements
from domain.ledger import EntitlementLedger
from domain.money import Money
from domain.quote import QuoteRequest, quote
from domain.subscription import Subscription
from domain.terms import PackageContent
from tests.domain.builders import buy, open_ledger, published, revoke_if_approved
from tests.domain.strategies import contents, policies, scopes, usages
from tests.fixtures import FINANCE, LEAD, MALL, NURSE, STAFF, START, ctx

ACTORS = [STAFF, LEAD, FINANCE, NURSE, MALL, Actor("user-p", "patient"), Actor.system()]
CHANNELS = ["self_service", "staff_on_behalf", "system"]
# Half the draws pick the actor the step usually needs, so sequences get far.
LIKELY = {"request": [STAFF, ACTORS[5]], "agree": [STAFF, NURSE], "approve": [LEAD, FINANCE],
          "withdraw": [STAFF, ACTORS[5]], "pay": [MALL], "fail": [MALL],
          "reject": [LEAD]}  # fmt: skip
ACTIONS = ["request", "request", "agree", "approve", "approve", "approve", "reject", "withdraw",
           "pay", "pay", "fail"]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_quote_is_never_negative_nor_above_the_refundable_balance(data: st.DataObject) -> None:
    content = data.draw(contents())
    items = content.items
    paid = content.price.fen
    request = QuoteRequest(
        items=items,
        policy=data.draw(policies([i.code for i in items])),
        amount_paid=paid,
        refundable=data.draw(st.integers(0, paid)),
        usage=data.draw(usages(items)),
        started=data.draw(st.booleans()),
        purchased_at=START,
        now=START + timedelta(hours=data.draw(st.integers(0, 24 * 30))),
    )
    try:
        result = quote(request, data.draw(scopes(items)))
    except (RefundExceedsEntitlements, ItemNotRefundable):
        return
    assert 0 <= result.amount <= request.refundable
    assert 0 <= result.fee <= max(result.gross, 0)
    assert result.amount <= max(result.gross - result.fee, 0)
    if result.basis == "pro_rata":
        assert result.gross == sum(line.value for line in result.lines) <= paid


def _step(
    data: st.DataObject,
    subscription: Subscription,
    ledger: EntitlementLedger | None,
    refund_ids: list[UUID],
) -> None:
    """One random refund command by a random actor; a domain error is a fine outcome."""
    action = data.draw(st.sampled_from(ACTIONS))
    actor = data.draw(st.sampled_from(ACTORS) | st.sampled_from(LIKELY[action]))
    c = ctx(actor, START + timedelta(days=data.draw(st.integers(0, 20))))
    fen = data.draw(st.integers(-1, subscription.amount_paid.fen + 1))
    if action == "request":
        refund_id = uuid4()
        usage = ledger.usage() if ledger is not None else None
        scope = data.draw(scopes(subscription.terms.content.items))
        amount = data.draw(st.none() | st.just(Money(fen)))
        channel = data.draw(st.sampled_from(CHANNELS))
        subscription.request_refund(refund_id, scope, "other", "", amount, usage, c, channel)
        refund_ids.append(refund_id)
    elif not refund_ids:
        return
    else:
        refund_id = data.draw(st.just(refund_ids[-1]) | st.sampled_from(refund_ids))
        if action == "agree":
            subscription.agree_refund(refund_id, Money(fen), "call", c)
        elif action == "approve":
            subscription.approve_refund(refund_id, c)
        elif action == "reject":
            subscription.reject_refund(refund_id, "no", c)
        elif action == "withdraw":
            subscription.withdraw_refund(refund_id, c)
        elif action == "pay":
            approved = subscription.refunds[refund_id].approved_amount
            amount = Money(approved if approved is not None and data.draw(st.booleans()) else fen)
            subscription.record_refund_paid(refund_id, "RF", amount, c)
        else:
            subscription.record_refund_payment_failed(refund_id, "bank", c)
    if ledger is not None:
        revoke_if_approved(subscription, ledger, refund_id)


@settings(max_examples=100, deadline=None)
@given(contents(consultation=False), st.booleans(), st.data())
def test_any_sequence_of_refunds_never_commits_more_than_was_paid(
    content: PackageContent, start: bool, data: st.DataObject
) -> None:
    subscription = buy(published(content))
    ledger = open_ledger(subscription) if start else None
    refund_ids: list[UUID] = []
    for _ in range(data.draw(st.integers(1, 25))):
        with suppress(DomainError):
            _step(data, subscription, ledger, refund_ids)
        paid = subscription.amount_paid.fen
        approved = [r for r in subscription.refunds.values() if r.status in ("approved", "paid")]
        assert sum(r.approved_amount or 0 for r in approved) <= subscription.committed <= paid
        assert subscription.refundable >= 0 and subscription.refunded <= paid
        assert sum(r.status in ("requested", "quoted", "agreed")
                   for r in subscription.refunds.values()) <= 1  # fmt: skip
    for status in sorted({r.status for r in subscription.refunds.values()}):
        event(f"a refund ended {status}")
    event(f"subscription ended {subscription.status}")
