"""Who may act for a patient: proxies within their rights and while not revoked; no one else."""

from __future__ import annotations

from uuid import UUID, uuid4

from domain.context import Actor
from domain.errors import Forbidden, InvalidInput, ProxyNotAuthorised
from domain.money import Money
from domain.patient import Patient
from domain.quote import RefundScope
from tests.application.world import GRANDSON, World, broken
from tests.fixtures import INTAKE, MALL, STAFF, patient_actor, proxy_actor


def _buy(world: World, package: UUID, patient: UUID, actor: Actor) -> None:
    world.buy(package, patient, actor=actor)


def test_given_proxy_without_purchase_when_buying_then_proxy_not_authorised(world: World) -> None:
    patient = world.patient(proxy_rights=["view", "confirm_redemption"])
    package = world.publish()
    before = world.last_position()

    with broken(ProxyNotAuthorised, "proxy_not_authorised"):
        _buy(world, package, patient, proxy_actor(GRANDSON, patient))
    with broken(ProxyNotAuthorised, "proxy_not_authorised"):
        _buy(world, package, patient, MALL)  # the mall names him as the buyer

    assert world.last_position() == before
    assert world.app.load(Patient, patient).subscription_ids == []


def test_given_revoked_proxy_when_buying_then_proxy_not_authorised(world: World) -> None:
    patient = world.patient()
    package = world.publish()
    world.app.revoke_proxy(patient, GRANDSON, world.c(STAFF))

    with broken(ProxyNotAuthorised, "proxy_not_authorised"):
        _buy(world, package, patient, proxy_actor(GRANDSON, patient))
    with broken(ProxyNotAuthorised, "proxy_not_authorised"):
        _buy(world, package, patient, MALL)


def test_given_revoked_proxy_when_submitting_intake_then_proxy_not_authorised(
    world: World,
) -> None:
    patient = world.patient()
    sub = world.buy(world.publish(), patient)
    world.app.record_consultation(sub, True, "ok", world.c(STAFF))
    world.app.revoke_proxy(patient, GRANDSON, world.c(STAFF))

    with broken(ProxyNotAuthorised, "proxy_not_authorised"):
        world.app.submit_intake(sub, INTAKE, world.c(proxy_actor(GRANDSON, patient)))


def test_given_two_patients_when_one_acts_for_the_other_then_forbidden(world: World) -> None:
    patient, sub = world.active()
    other = world.patient()
    intruder = world.c(patient_actor(other))
    package = world.publish()
    before = world.last_position()

    with broken(Forbidden, "forbidden"):
        _buy(world, package, patient, patient_actor(other))
    assert world.last_position() == before
    with broken(Forbidden, "forbidden"):
        world.app.request_refund(
            uuid4(), sub, scope=RefundScope("remaining"), reason_code="other",
            reason_text="", requested_amount=None, ctx=intruder,
        )  # fmt: skip
    escort = uuid4()
    world.app.claim_redemption(escort, sub, "escort", "to clinic", world.c(STAFF))
    before = world.last_position()
    with broken(Forbidden, "forbidden"):
        world.app.confirm_redemption(escort, intruder)
    assert world.last_position() == before


def test_given_own_patient_when_buying_for_self_then_allowed(world: World) -> None:
    patient = world.patient()
    me = patient_actor(patient)
    sub = uuid4()
    world.app.purchase(
        sub, package_id=world.publish(), patient_id=patient, buyer_user_id=me.user_id,
        buyer_relation="self", payer_type="self_pay", amount_paid=Money.parse("1999.00"),
        payment_ref=f"MALL-{uuid4()}", ctx=world.c(me),
    )  # fmt: skip
    assert world.app.load(Patient, patient).subscription_ids == [sub]


def test_given_a_patient_or_proxy_buying_in_person_then_they_are_the_buyer(world: World) -> None:
    patient = world.patient()
    package = world.publish()
    before = world.last_position()

    def purchase(actor: Actor, buyer: str, relation: str) -> None:
        world.app.purchase(
            uuid4(), package_id=package, patient_id=patient, buyer_user_id=buyer,
            buyer_relation=relation, payer_type="self_pay",
            amount_paid=Money.parse("1999.00"),
            payment_ref=f"MALL-{uuid4()}", ctx=world.c(actor),
        )  # fmt: skip

    me = patient_actor(patient)
    with broken(Forbidden, "forbidden"):
        purchase(proxy_actor(GRANDSON, patient), "someone-else", "child")
    with broken(InvalidInput, "invalid_input"):
        purchase(me, me.user_id, "child")
    with broken(InvalidInput, "invalid_input"):
        purchase(proxy_actor(GRANDSON, patient), GRANDSON, "staff")
    assert world.last_position() == before
    purchase(me, me.user_id, "self")
    assert len(world.app.load(Patient, patient).subscription_ids) == 1
