"""Who may act for a patient: the patient themself, a proxy within their rights, or staff."""

from __future__ import annotations

from domain.context import Actor
from domain.errors import Forbidden, InvalidInput, ProxyNotAuthorised
from domain.patient import Patient
from domain.roles import PATIENT_SIDE


def check_acts_for(patient: Patient, actor: Actor, permission: str) -> None:
    """A patient acts for themself only; a proxy only within the permissions granted."""
    if actor.role == "patient":
        if actor.patient_id != patient.id:
            raise Forbidden("a patient acts only for themself")
    elif actor.role == "proxy":
        patient.check_proxy(actor, permission)


def channel_for(actor: Actor) -> str:
    if actor.role in PATIENT_SIDE:
        return "self_service"
    return "system" if actor.role == "system" else "staff_on_behalf"


def check_buyer(patient: Patient, buyer_user_id: str, relation: str, actor: Actor) -> None:
    """The buyer is the patient, an authorised proxy with `purchase`, or staff.

    A patient or proxy buying in person is the buyer; the mall and staff name the buyer.
    """
    if actor.role in PATIENT_SIDE and buyer_user_id != actor.user_id:
        raise Forbidden("a patient or proxy buys only as themself")
    if actor.role == "patient" and relation != "self":
        raise InvalidInput("a patient buying for themself is the buyer with relation 'self'")
    if relation == "staff" and actor.role in PATIENT_SIDE:
        raise InvalidInput("only staff buy with relation 'staff'")
    if relation in ("self", "staff"):
        return
    if patient.relation_of(buyer_user_id) is None:
        # Never authorised or since revoked: the same code as a proxy acting beyond its rights.
        raise ProxyNotAuthorised(f"{buyer_user_id} is not an authorised proxy of this patient")
    if relation != patient.relation_of(buyer_user_id):
        raise InvalidInput("the buyer's relation differs from the one the patient authorised")
    patient.check_proxy(Actor(buyer_user_id, "proxy", patient.id), "purchase")
