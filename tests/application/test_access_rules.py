"""Who may act for a patient: proxies within their rights and while not revoked; no one else."""

from __future__ import annotations

from uuid import UUID, uuid4

from domain.context import Actor
from domain.errors import Forbidden, InvalidInput, ProxyNotAuthorised
from domain.money import Money
from domain.patient import Patient
from domain.quote import RefundScope
from tests.clinic import ALL_PROXY_RIGHTS, GRANDSON, Clinic
from tests.expect import broken
from tests.fixtures import INTAKE, MALL, STAFF, patient_actor, proxy_actor


def _buy(clinic: Clinic, package: UUID, patient: UUID, actor: Actor) -> None:
    clinic.buy(package, patient, actor=actor)


def test_given_proxy_without_purchase_when_buying_then_proxy_not_authorised(clinic: Clinic) -> None:
    patient = clinic.patient(proxy_rights=["view", "confirm_redemption"])
    package = clinic.publish()
    before = clinic.last_position()

    with broken(ProxyNotAuthorised, "proxy_not_authorised"):
        _buy(clinic, package, patient, proxy_actor(GRANDSON, patient))
    with broken(ProxyNotAuthorised, "proxy_not_authorised"):
        _buy(clinic, package, patient, MALL)  # the mall names him as the buyer

    assert clinic.last_position() == before
    assert clinic.app.load(Patient, patient).subscription_ids == []


def test_given_revoked_proxy_when_buying_then_proxy_not_authorised(clinic: Clinic) -> None:
    patient = clinic.patient(proxy_rights=ALL_PROXY_RIGHTS)
    package = clinic.publish()
    clinic.app.revoke_proxy(patient, GRANDSON, clinic.c(STAFF))

    with broken(ProxyNotAuthorised, "proxy_not_authorised"):
        _buy(clinic, package, patient, proxy_actor(GRANDSON, patient))
    with broken(ProxyNotAuthorised, "proxy_not_authorised"):
        _buy(clinic, package, patient, MALL)


def test_given_revoked_proxy_when_submitting_intake_then_proxy_not_authorised(
    clinic: Clinic,
) -> None:
    patient = clinic.patient(proxy_rights=ALL_PROXY_RIGHTS)
    sub = clinic.buy(clinic.publish(), patient)
    clinic.app.record_consultation(sub, True, "ok", clinic.c(STAFF))
    clinic.app.revoke_proxy(patient, GRANDSON, clinic.c(STAFF))

    with broken(ProxyNotAuthorised, "proxy_not_authorised"):
        clinic.app.submit_intake(sub, INTAKE, clinic.c(proxy_actor(GRANDSON, patient)))


def test_given_two_patients_when_one_acts_for_the_other_then_forbidden(clinic: Clinic) -> None:
    patient, sub = clinic.active()
    other = clinic.patient(proxy_rights=ALL_PROXY_RIGHTS)
    intruder = clinic.c(patient_actor(other))
    package = clinic.publish()
    before = clinic.last_position()

    with broken(Forbidden, "forbidden"):
        _buy(clinic, package, patient, patient_actor(other))
    assert clinic.last_position() == before
    with broken(Forbidden, "forbidden"):
        clinic.app.request_refund(
            uuid4(), sub, scope=RefundScope("remaining"), reason_code="other",
            reason_text="", requested_amount=None, ctx=intruder,
        )  # fmt: skip
    escort = uuid4()
    clinic.app.claim_redemption(escort, sub, "escort", "to clinic", clinic.c(STAFF))
    before = clinic.last_position()
    with broken(Forbidden, "forbidden"):
        clinic.app.confirm_redemption(escort, intruder)
    assert clinic.last_position() == before


def test_given_own_patient_when_buying_for_self_then_allowed(clinic: Clinic) -> None:
    patient = clinic.patient(proxy_rights=ALL_PROXY_RIGHTS)
    me = patient_actor(patient)
    sub = uuid4()
    clinic.app.purchase(
        sub, package_id=clinic.publish(), patient_id=patient, buyer_user_id=me.user_id,
        buyer_relation="self", payer_type="self_pay", amount_paid=Money.parse("1999.00"),
        payment_ref=f"MALL-{uuid4()}", ctx=clinic.c(me),
    )  # fmt: skip
    assert clinic.app.load(Patient, patient).subscription_ids == [sub]


def test_given_a_patient_or_proxy_buying_in_person_then_they_are_the_buyer(clinic: Clinic) -> None:
    patient = clinic.patient(proxy_rights=ALL_PROXY_RIGHTS)
    package = clinic.publish()
    before = clinic.last_position()

    def purchase(actor: Actor, buyer: str, relation: str) -> None:
        clinic.app.purchase(
            uuid4(), package_id=package, patient_id=patient, buyer_user_id=buyer,
            buyer_relation=relation, payer_type="self_pay",
            amount_paid=Money.parse("1999.00"),
            payment_ref=f"MALL-{uuid4()}", ctx=clinic.c(actor),
        )  # fmt: skip

    me = patient_actor(patient)
    with broken(Forbidden, "forbidden"):
        purchase(proxy_actor(GRANDSON, patient), "someone-else", "child")
    with broken(InvalidInput, "invalid_input"):
        purchase(me, me.user_id, "child")
    with broken(InvalidInput, "invalid_input"):
        purchase(proxy_actor(GRANDSON, patient), GRANDSON, "staff")
    assert clinic.last_position() == before
    purchase(me, me.user_id, "self")
    assert len(clinic.app.load(Patient, patient).subscription_ids) == 1
