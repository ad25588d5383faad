"""Patient rules (product §2.1): registration, proxies and their rights, consents, masking."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

import pytest

from domain.context import Actor
from domain.errors import InvalidInput, ProxyNotAuthorised
from domain.patient import Patient, mask_id_number
from tests.expect import broken
from tests.fixtures import STAFF, START, ctx

GRANDSON = Actor("grandson", "proxy")


def grandma(**changes: object) -> Patient:
    fields: dict[str, object] = {
        "name": " 王秀英 ", "sex": "female", "birth_date": date(1948, 4, 2),
        "phone": "13800000000", "id_document_type": "resident_id",
        "id_number": "110101194804021234", "department": "endocrinology",
    }  # fmt: skip
    fields.update(changes)
    return Patient.register(uuid4(), ctx=ctx(STAFF), **fields)  # type: ignore[arg-type]


def test_registration_keeps_identity_and_contact() -> None:
    patient = grandma()
    assert (patient.name, patient.sex, patient.phone) == ("王秀英", "female", "13800000000")
    patient.change_contact(" 13900000000 ", ctx(STAFF))
    assert patient.phone == "13900000000"
    with broken(InvalidInput, "invalid_input"):
        patient.change_contact("  ", ctx(STAFF))


@pytest.mark.parametrize(
    "changes",
    [{"name": " "}, {"sex": "x"}, {"id_document_type": "library_card"}, {"id_number": " "},
     {"birth_date": START.date() + timedelta(days=1)}],
)  # fmt: skip
def test_registration_needs_name_sex_id_document_and_a_past_birth_date(
    changes: dict[str, object],
) -> None:
    with broken(InvalidInput, "invalid_input"):
        grandma(**changes)


def test_read_models_show_the_id_number_masked() -> None:
    assert grandma().masked_id_number == "**************1234"  # at most the last 4 (issue 15)
    assert mask_id_number("AB1234567") == "*****4567"
    assert mask_id_number("1234567") == "*******"
    assert mask_id_number("") == ""


def test_proxy_acts_only_within_permissions_and_while_not_revoked() -> None:
    # Given a grandson authorised to purchase only
    patient = grandma()
    patient.authorise_proxy("grandson", "child", ["purchase", "purchase"], ctx(STAFF))
    assert patient.relation_of("grandson") == "child"
    # Then he may purchase, but not ask for a refund
    patient.check_proxy(GRANDSON, "purchase")
    with broken(ProxyNotAuthorised, "proxy_not_authorised"):
        patient.check_proxy(GRANDSON, "request_refund")
    # And a stranger may do nothing
    with broken(ProxyNotAuthorised, "proxy_not_authorised"):
        patient.check_proxy(Actor("stranger", "proxy"), "view")
    # When he is revoked, he may no longer purchase
    patient.revoke_proxy("grandson", ctx(STAFF))
    assert patient.relation_of("grandson") is None
    with broken(ProxyNotAuthorised, "proxy_not_authorised"):
        patient.check_proxy(GRANDSON, "purchase")
    with broken(ProxyNotAuthorised, "proxy_not_authorised"):
        patient.revoke_proxy("grandson", ctx(STAFF))


@pytest.mark.parametrize(
    ("user", "relation", "permissions"),
    [("grandson", "cousin", ["view"]), ("grandson", "child", []),
     ("grandson", "child", ["view", "sell_house"]), ("", "child", ["view"])],
)  # fmt: skip
def test_a_proxy_has_a_known_relation_and_known_permissions(
    user: str, relation: str, permissions: list[str]
) -> None:
    with broken(InvalidInput, "invalid_input"):
        grandma().authorise_proxy(user, relation, permissions, ctx(STAFF))


def test_consent_is_given_and_withdrawn_per_purpose_once() -> None:
    patient = grandma()
    patient.give_consent("care_management", ctx(STAFF))
    patient.give_consent("care_management", ctx(STAFF))
    assert patient.consents == {"care_management"}
    assert len(patient.collect_events()) == 2  # registered + one consent
    patient.withdraw_consent("care_management", ctx(STAFF))
    patient.withdraw_consent("care_management", ctx(STAFF))
    assert patient.consents == set()
    assert len(patient.collect_events()) == 1
    with broken(InvalidInput, "invalid_input"):
        patient.give_consent("marketing", ctx(STAFF))
    with broken(InvalidInput, "invalid_input"):
        patient.withdraw_consent("marketing", ctx(STAFF))


def test_patient_links_subscriptions_and_episodes() -> None:
    patient = grandma()
    sub, episode = uuid4(), uuid4()
    patient.link_subscription(sub, ctx(STAFF))
    patient.link_episode(episode, "oncology", ctx(STAFF))
    assert (patient.subscription_ids, patient.episode_ids) == ([sub], [episode])
    assert patient.episode_departments == {episode: "oncology"}


def test_every_event_records_actor_and_correlation_id() -> None:
    c = ctx(STAFF)
    patient = Patient.register(
        uuid4(), name="A", sex="male", birth_date=date(1950, 1, 1), phone="1",
        id_document_type="passport", id_number="E1234567", department="oncology", ctx=c,
    )  # fmt: skip
    (registered,) = patient.collect_events()
    assert registered.actor == STAFF  # type: ignore[attr-defined]
    assert registered.correlation_id == c.correlation_id  # type: ignore[attr-defined]
