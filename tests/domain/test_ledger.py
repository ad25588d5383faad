"""The EntitlementLedger (product §2.5): receipts, claims, disputes, revocations, closing."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import uuid4

import pytest

from domain.errors import (
    EntitlementExhausted,
    InvalidRedemptionState,
    LedgerClosed,
    OutsideValidity,
    RedemptionModeMismatch,
    UnknownItem,
    UnknownRedemption,
)
from domain.ledger import EntitlementLedger, ledger_id_for, receipt_redemption_id
from tests.domain.builders import active
from tests.expect import broken
from tests.fixtures import LEAD, MALL, STAFF, START, annual_package, ctx

DAY = timedelta(days=1)


def ledger() -> EntitlementLedger:
    return active(annual_package(consultation_required=False, validity_days=30))[1]


def redeem(
    book: EntitlementLedger, reference: str, at: datetime = START, item: str = "band"
) -> None:
    rid = receipt_redemption_id("device-platform", reference)
    book.redeem(rid, item, "device-platform", reference, at, ctx(MALL, at))


def test_ledger_id_derives_from_the_subscription() -> None:
    subscription, book = active()
    assert book.id == ledger_id_for(subscription.id) != ledger_id_for(uuid4())
    assert book.subscription_id == subscription.id
    assert book.lines["follow_up"].granted == 12


def test_receipt_redeems_at_most_once() -> None:
    book = ledger()
    redeem(book, "BAND-1")
    assert len(book.collect_events()) == 2  # opened + redeemed
    redeem(book, "BAND-1")  # the same receipt again returns the first result
    assert book.collect_events() == []
    assert book.lines["band"].redeemed == 1
    with broken(EntitlementExhausted, "entitlement_exhausted"):
        redeem(book, "BAND-2")


def test_claimed_unit_is_reserved_until_confirmed() -> None:
    book = ledger()
    first, second, third = uuid4(), uuid4(), uuid4()
    book.claim(first, "escort", "to clinic", ctx(STAFF))
    assert (book.lines["escort"].claimed, book.lines["escort"].remaining) == (1, 1)
    book.claim(second, "escort", "to lab", ctx(STAFF))
    with broken(EntitlementExhausted, "entitlement_exhausted"):
        book.claim(third, "escort", "one too many", ctx(STAFF))
    book.confirm(first, ctx(MALL))
    line = book.lines["escort"]
    assert (line.claimed, line.redeemed, line.remaining) == (1, 1, 0)
    with broken(InvalidRedemptionState, "invalid_redemption_state"):
        book.confirm(first, ctx(MALL))
    with broken(InvalidRedemptionState, "invalid_redemption_state"):
        book.claim(first, "escort", "reuse", ctx(STAFF))


def test_disputed_then_reversed_returns_the_unit() -> None:
    book = ledger()
    reversed_, upheld = uuid4(), uuid4()
    book.claim(reversed_, "escort", "", ctx(STAFF))
    book.claim(upheld, "escort", "", ctx(STAFF))
    book.dispute(reversed_, "never came", ctx(MALL))
    book.dispute(upheld, "was late", ctx(MALL))
    assert book.lines["escort"].remaining == 0  # a disputed unit stays reserved
    book.reverse(reversed_, "driver confirms no-show", ctx(LEAD))
    book.uphold(upheld, "photo of visit", ctx(LEAD))
    line = book.lines["escort"]
    assert (line.claimed, line.redeemed, line.remaining) == (0, 1, 1)
    assert book.redemptions[reversed_]["status"] == "reversed"
    with broken(InvalidRedemptionState, "invalid_redemption_state"):
        book.reverse(upheld, "again", ctx(LEAD))
    with broken(InvalidRedemptionState, "invalid_redemption_state"):
        book.dispute(reversed_, "again", ctx(MALL))
    with broken(UnknownRedemption, "redemption_not_found"):
        book.uphold(uuid4(), "?", ctx(LEAD))


def test_redemption_mode_is_respected() -> None:
    book = ledger()
    with broken(RedemptionModeMismatch, "redemption_mode_mismatch"):
        redeem(book, "ESC-1", item="escort")
    with broken(RedemptionModeMismatch, "redemption_mode_mismatch"):
        book.claim(uuid4(), "band", "", ctx(STAFF))
    with broken(UnknownItem, "unknown_item"):
        book.claim(uuid4(), "massage", "", ctx(STAFF))
    with broken(UnknownItem, "unknown_item"):
        redeem(book, "X-1", item="massage")


def test_nothing_redeemed_outside_validity_or_after_close() -> None:
    book = ledger()
    last = START + 29 * DAY
    redeem(book, "EDU-0", START, "education")
    redeem(book, "EDU-1", last, "education")
    with broken(OutsideValidity, "outside_validity"):
        redeem(book, "EDU-2", START - DAY, "education")
    with broken(OutsideValidity, "outside_validity"):
        redeem(book, "EDU-3", last + DAY, "education")
    with broken(OutsideValidity, "outside_validity"):
        book.claim(uuid4(), "escort", "", ctx(STAFF, last + DAY))
    pending = uuid4()
    book.claim(pending, "escort", "", ctx(STAFF))
    book.close("expired", ctx(MALL))
    assert not book.is_open and book.auto_line_for("education", START.date()) is None
    with broken(LedgerClosed, "ledger_closed"):
        redeem(book, "EDU-4", START, "education")
    with broken(LedgerClosed, "ledger_closed"):
        book.claim(uuid4(), "escort", "", ctx(STAFF))
    with broken(LedgerClosed, "ledger_closed"):
        book.confirm(pending, ctx(MALL))
    book.dispute(pending, "never came", ctx(MALL))
    with broken(LedgerClosed, "ledger_closed"):
        book.uphold(pending, "closed", ctx(LEAD))
    with broken(LedgerClosed, "ledger_closed"):
        book.revoke(uuid4(), {"education": 1}, ctx(MALL))
    book.close("again", ctx(MALL))  # closing twice changes nothing
    assert book.closed_reason == "expired"


def test_revocation_never_exceeds_remaining() -> None:
    book = ledger()
    book.claim(uuid4(), "escort", "", ctx(STAFF))
    with broken(EntitlementExhausted, "entitlement_exhausted"):
        book.revoke(uuid4(), {"escort": 2}, ctx(MALL))
    with broken(UnknownItem, "unknown_item"):
        book.revoke(uuid4(), {"massage": 1}, ctx(MALL))
    book.revoke(uuid4(), {"escort": 1, "band": 0}, ctx(MALL))
    assert (book.lines["escort"].revoked, book.lines["band"].revoked) == (1, 0)
    book.revoke_remaining(uuid4(), ctx(MALL))
    assert all(line.remaining == 0 for line in book.lines.values())
    events = book.collect_events()
    book.revoke_remaining(uuid4(), ctx(MALL))  # nothing left: no event
    assert book.collect_events() == [] and len(events) == 4


def test_receipts_match_an_auto_line_of_their_kind_with_units_left() -> None:
    book = ledger()
    assert book.auto_line_for("per_use", START.date()) is None  # escort is manual
    line = book.auto_line_for("follow_up", START.date())
    assert line is not None and line.code == "follow_up"
    assert book.auto_line_for("follow_up", (START - DAY).date()) is None
    redeem(book, "BAND-1")
    assert book.auto_line_for("add_on_product", START.date()) is None


@pytest.mark.parametrize("claim_left", [True, False])
def test_all_used_when_every_unit_is_redeemed_or_revoked(claim_left: bool) -> None:
    book = ledger()
    assert not book.all_used()
    redeem(book, "BAND-1")
    book.revoke(uuid4(), {"follow_up": 12, "education": 6, "escort": 1}, ctx(MALL))
    assert not book.all_used()
    last = uuid4()
    book.claim(last, "escort", "", ctx(STAFF))
    if not claim_left:
        book.confirm(last, ctx(MALL))
    assert book.all_used() is not claim_left
    assert book.usage()["escort"].remaining == 0


def test_only_an_activated_subscription_opens_its_ledger() -> None:
    from domain.errors import InvalidSubscriptionState
    from tests.domain.builders import bought
    from tests.fixtures import NURSE, ctx

    with broken(InvalidSubscriptionState, "invalid_subscription_state"):
        EntitlementLedger.open_for(bought(), ctx(NURSE))


@pytest.mark.parametrize("blank", ["", "   "])
def test_disputes_and_their_resolutions_give_a_reason(blank: str) -> None:
    from domain.errors import InvalidInput

    _, book = active()
    claimed = uuid4()
    book.claim(claimed, "escort", "visit", ctx(STAFF))
    with broken(InvalidInput, "invalid_input"):
        book.dispute(claimed, blank, ctx(MALL))
    book.dispute(claimed, "never came", ctx(MALL))
    for resolve in (book.reverse, book.uphold):
        with broken(InvalidInput, "invalid_input"):
            resolve(claimed, blank, ctx(LEAD))
