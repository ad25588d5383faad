"""Redemption rules: receipts and follow-ups pick the subscription ending first; completion."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID, uuid4

from domain.episode import PatientEpisode
from domain.errors import NoMatchingEntitlement, OutsideValidity
from domain.ledger import EntitlementLedger, ledger_id_for
from domain.subscription import Subscription
from domain.terms import PackageItem
from tests.application.world import GRANDSON, World, assert_one_save, topics
from tests.domain.builders import broken
from tests.fixtures import MALL, STAFF, annual_package, proxy_actor


def _two_subscriptions(world: World) -> tuple[UUID, UUID, UUID]:
    """(patient, long, short): the long one bought first, the short one ends first."""
    patient = world.patient()
    _, long = world.active(annual_package(validity_days=365), patient)
    _, short = world.active(annual_package(validity_days=90), patient)
    return patient, long, short


def _redeemed(world: World, sub: UUID, code: str) -> int:
    return world.app.load(EntitlementLedger, ledger_id_for(sub)).usage()[code].redeemed


def test_given_two_subscriptions_when_follow_up_completed_then_the_one_ending_first_redeems(
    world: World,
) -> None:
    patient, long, short = _two_subscriptions(world)
    episode, follow_up = world.episode(patient), uuid4()
    world.app.schedule_follow_up(
        episode, follow_up, world.clock.now().date(), "phone", "staff-zhao", world.c(STAFF)
    )
    before = world.last_position()

    done = world.app.complete_follow_up(episode, follow_up, "stable", world.c(STAFF))

    assert done.data["subscription_id"] == short
    assert (_redeemed(world, short, "follow_up"), _redeemed(world, long, "follow_up")) == (1, 0)
    written = world.written_since(before)
    assert assert_one_save(written, done.position) == {episode, ledger_id_for(short)}
    assert topics(written)[-1] == "EntitlementLedger.Redeemed"
    follow_ups = world.app.load(PatientEpisode, episode).follow_ups
    assert follow_ups[follow_up]["status"] == "completed"


def test_given_no_subscription_when_follow_up_completed_then_it_completes_and_redeems_nothing(
    world: World,
) -> None:
    episode, follow_up = world.episode(world.patient()), uuid4()
    world.app.schedule_follow_up(
        episode, follow_up, world.clock.now().date(), "phone", "staff-zhao", world.c(STAFF)
    )

    done = world.app.complete_follow_up(episode, follow_up, "stable", world.c(STAFF))

    assert done.data == {"subscription_id": None, "redemption_id": None}


def test_given_two_subscriptions_when_receipt_arrives_then_the_one_ending_first_redeems(
    world: World,
) -> None:
    patient, long, short = _two_subscriptions(world)
    before = world.last_position()

    done = world.app.receive_receipt(
        "edu-platform", "EDU-7", patient, "education", world.clock.now(), world.c(MALL)
    )

    assert done.data["subscription_id"] == short and done.data["item_code"] == "education"
    assert done.data["replayed"] is False
    assert (_redeemed(world, short, "education"), _redeemed(world, long, "education")) == (1, 0)
    originators = assert_one_save(world.written_since(before), done.position)
    assert ledger_id_for(short) in originators and len(originators) == 2  # ledger + receipt ref


def test_given_receipt_redeemed_when_same_receipt_again_then_first_result_and_nothing_written(
    world: World,
) -> None:
    patient, _, short = _two_subscriptions(world)
    first = world.app.receive_receipt(
        "edu-platform", "EDU-8", patient, "education", world.clock.now(), world.c(MALL)
    )
    before = world.last_position()
    world.later(3)

    again = world.app.receive_receipt(
        "edu-platform", "EDU-8", patient, "education", world.clock.now(), world.c(MALL)
    )

    assert again.id == first.id and again.position is None
    assert again.data == {**first.data, "replayed": True}
    assert world.last_position() == before
    assert _redeemed(world, short, "education") == 1


def test_given_every_entitlement_used_then_subscription_completes_and_ledger_closes(
    world: World,
) -> None:
    items = (
        PackageItem("call", "Follow-up call", "follow_up", 1, 100, "auto"),
        PackageItem("escort", "Escorted visit", "per_use", 1, 300, "manual"),
    )
    patient, sub = world.active(annual_package(items=items))
    world.app.receive_receipt(
        "ivr", "CALL-1", patient, "follow_up", world.clock.now(), world.c(MALL)
    )
    escort = uuid4()
    world.app.claim_redemption(escort, sub, "escort", "to clinic", world.c(STAFF))
    assert world.app.load(Subscription, sub).status == "active"
    before = world.last_position()

    done = world.app.confirm_redemption(escort, world.c(proxy_actor(GRANDSON, patient)))

    written = world.written_since(before)
    assert assert_one_save(written, done.position) == {sub, ledger_id_for(sub)}
    assert topics(written) == [
        "EntitlementLedger.RedemptionConfirmed",
        "EntitlementLedger.Closed",
        "Subscription.Completed",
    ]
    assert world.app.load(Subscription, sub).status == "completed"
    assert world.app.load(EntitlementLedger, ledger_id_for(sub)).closed_reason == "completed"


def test_given_a_subscription_not_yet_active_when_claiming_then_invalid_subscription_state(
    world: World,
) -> None:
    from domain.errors import InvalidSubscriptionState
    from tests.application.world import broken

    patient = world.patient()
    sub = world.buy(world.publish(), patient)  # awaiting consultation: no ledger yet
    before = world.last_position()
    with broken(InvalidSubscriptionState, "invalid_subscription_state"):
        world.app.claim_redemption(uuid4(), sub, "escort", "too early", world.c(STAFF))
    assert world.last_position() == before


def test_given_the_only_matching_subscription_out_of_its_window_then_outside_validity(
    world: World,
) -> None:
    patient, _ = world.active(annual_package(validity_days=90))
    before = world.last_position()
    late = world.clock.now() + timedelta(days=120)

    with broken(OutsideValidity, "outside_validity"):
        world.app.receive_receipt("edu-platform", "EDU-LATE", patient, "education", late,
                                  world.c(MALL))  # fmt: skip
    with broken(NoMatchingEntitlement, "no_matching_entitlement"):
        world.app.receive_receipt("edu-platform", "EDU-NONE", patient, "consultation", late,
                                  world.c(MALL))  # fmt: skip
    assert world.last_position() == before


def test_given_one_subscription_in_its_window_and_one_out_then_the_one_in_redeems(
    world: World,
) -> None:
    patient, short = world.active(annual_package(validity_days=90))
    _, long = world.active(annual_package(validity_days=365), patient)
    late = world.clock.now() + timedelta(days=120)

    done = world.app.receive_receipt(
        "edu-platform", "EDU-IN", patient, "education", late, world.c(MALL)
    )

    assert done.data["subscription_id"] == long
    assert (_redeemed(world, short, "education"), _redeemed(world, long, "education")) == (0, 1)
