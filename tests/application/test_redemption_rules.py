"""Redemption rules: receipts and follow-ups pick the subscription ending first; completion."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from uuid import UUID, uuid4

from application.outcomes import FollowUpRedemption
from domain.episode import PatientEpisode
from domain.errors import NoMatchingEntitlement, OutsideValidity
from domain.ledger import EntitlementLedger, ledger_id_for
from domain.subscription import Subscription
from domain.terms import PackageItem
from tests.application.saves import assert_one_save, topics
from tests.clinic import ALL_PROXY_RIGHTS, GRANDSON, Clinic
from tests.expect import broken
from tests.fixtures import MALL, STAFF, annual_package, proxy_actor


def _two_subscriptions(clinic: Clinic) -> tuple[UUID, UUID, UUID]:
    """(patient, long, short): the long one bought first, the short one ends first."""
    patient = clinic.patient(proxy_rights=ALL_PROXY_RIGHTS)
    _, long = clinic.active(annual_package(validity_days=365), patient)
    _, short = clinic.active(annual_package(validity_days=90), patient)
    return patient, long, short


def _redeemed(clinic: Clinic, sub: UUID, code: str) -> int:
    return clinic.app.load(EntitlementLedger, ledger_id_for(sub)).usage()[code].redeemed


def test_given_two_subscriptions_when_follow_up_completed_then_the_one_ending_first_redeems(
    clinic: Clinic,
) -> None:
    patient, long, short = _two_subscriptions(clinic)
    episode, follow_up = clinic.episode(patient), uuid4()
    clinic.app.schedule_follow_up(
        episode, follow_up, clinic.clock.now().date(), "phone", "staff-zhao", clinic.c(STAFF)
    )
    before = clinic.last_position()

    done = clinic.app.complete_follow_up(episode, follow_up, "stable", clinic.c(STAFF))

    assert done.outcome.subscription_id == short
    assert (_redeemed(clinic, short, "follow_up"), _redeemed(clinic, long, "follow_up")) == (1, 0)
    written = clinic.written_since(before)
    assert assert_one_save(written, done.position) == {episode, ledger_id_for(short)}
    assert topics(written)[-1] == "EntitlementLedger.Redeemed"
    follow_ups = clinic.app.load(PatientEpisode, episode).follow_ups
    assert follow_ups[follow_up]["status"] == "completed"


def test_given_no_subscription_when_follow_up_completed_then_it_completes_and_redeems_nothing(
    clinic: Clinic,
) -> None:
    episode, follow_up = clinic.episode(clinic.patient(proxy_rights=ALL_PROXY_RIGHTS)), uuid4()
    clinic.app.schedule_follow_up(
        episode, follow_up, clinic.clock.now().date(), "phone", "staff-zhao", clinic.c(STAFF)
    )

    done = clinic.app.complete_follow_up(episode, follow_up, "stable", clinic.c(STAFF))

    assert done.outcome == FollowUpRedemption(subscription_id=None, redemption_id=None)


def test_given_two_subscriptions_when_receipt_arrives_then_the_one_ending_first_redeems(
    clinic: Clinic,
) -> None:
    patient, long, short = _two_subscriptions(clinic)
    before = clinic.last_position()

    done = clinic.app.receive_receipt(
        "edu-platform", "EDU-7", patient, "education", clinic.clock.now(), clinic.c(MALL)
    )

    assert done.outcome.subscription_id == short and done.outcome.item_code == "education"
    assert done.outcome.replayed is False
    assert (_redeemed(clinic, short, "education"), _redeemed(clinic, long, "education")) == (1, 0)
    originators = assert_one_save(clinic.written_since(before), done.position)
    assert ledger_id_for(short) in originators and len(originators) == 2  # ledger + receipt ref


def test_given_receipt_redeemed_when_same_receipt_again_then_first_result_and_nothing_written(
    clinic: Clinic,
) -> None:
    patient, _, short = _two_subscriptions(clinic)
    first = clinic.app.receive_receipt(
        "edu-platform", "EDU-8", patient, "education", clinic.clock.now(), clinic.c(MALL)
    )
    before = clinic.last_position()
    clinic.later(3)

    again = clinic.app.receive_receipt(
        "edu-platform", "EDU-8", patient, "education", clinic.clock.now(), clinic.c(MALL)
    )

    assert again.id == first.id and again.position is None
    assert again.outcome == replace(first.outcome, replayed=True)
    assert clinic.last_position() == before
    assert _redeemed(clinic, short, "education") == 1


def test_given_every_entitlement_used_then_subscription_completes_and_ledger_closes(
    clinic: Clinic,
) -> None:
    items = (
        PackageItem("call", "Follow-up call", "follow_up", 1, 100, "auto"),
        PackageItem("escort", "Escorted visit", "per_use", 1, 300, "manual"),
    )
    patient, sub = clinic.active(annual_package(items=items))
    clinic.app.receive_receipt(
        "ivr", "CALL-1", patient, "follow_up", clinic.clock.now(), clinic.c(MALL)
    )
    escort = uuid4()
    clinic.app.claim_redemption(escort, sub, "escort", "to clinic", clinic.c(STAFF))
    assert clinic.app.load(Subscription, sub).status == "active"
    before = clinic.last_position()

    done = clinic.app.confirm_redemption(escort, clinic.c(proxy_actor(GRANDSON, patient)))

    written = clinic.written_since(before)
    assert assert_one_save(written, done.position) == {sub, ledger_id_for(sub)}
    assert topics(written) == [
        "EntitlementLedger.RedemptionConfirmed",
        "EntitlementLedger.Closed",
        "Subscription.Completed",
    ]
    assert clinic.app.load(Subscription, sub).status == "completed"
    assert clinic.app.load(EntitlementLedger, ledger_id_for(sub)).closed_reason == "completed"


def test_given_a_subscription_not_yet_active_when_claiming_then_invalid_subscription_state(
    clinic: Clinic,
) -> None:
    from domain.errors import InvalidSubscriptionState

    patient = clinic.patient(proxy_rights=ALL_PROXY_RIGHTS)
    sub = clinic.buy(clinic.publish(), patient)  # awaiting consultation: no ledger yet
    before = clinic.last_position()
    with broken(InvalidSubscriptionState, "invalid_subscription_state"):
        clinic.app.claim_redemption(uuid4(), sub, "escort", "too early", clinic.c(STAFF))
    assert clinic.last_position() == before


def test_given_the_only_matching_subscription_out_of_its_window_then_outside_validity(
    clinic: Clinic,
) -> None:
    patient, _ = clinic.active(annual_package(validity_days=90))
    before = clinic.last_position()
    late = clinic.clock.now() + timedelta(days=120)

    with broken(OutsideValidity, "outside_validity"):
        clinic.app.receive_receipt("edu-platform", "EDU-LATE", patient, "education", late,
                                  clinic.c(MALL))  # fmt: skip
    with broken(NoMatchingEntitlement, "no_matching_entitlement"):
        clinic.app.receive_receipt("edu-platform", "EDU-NONE", patient, "consultation", late,
                                  clinic.c(MALL))  # fmt: skip
    assert clinic.last_position() == before


def test_given_one_subscription_in_its_window_and_one_out_then_the_one_in_redeems(
    clinic: Clinic,
) -> None:
    patient, short = clinic.active(annual_package(validity_days=90))
    _, long = clinic.active(annual_package(validity_days=365), patient)
    late = clinic.clock.now() + timedelta(days=120)

    done = clinic.app.receive_receipt(
        "edu-platform", "EDU-IN", patient, "education", late, clinic.c(MALL)
    )

    assert done.outcome.subscription_id == long
    assert (_redeemed(clinic, short, "education"), _redeemed(clinic, long, "education")) == (0, 1)
