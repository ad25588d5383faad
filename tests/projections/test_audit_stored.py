"""The audit's cheap reading of stored events describes them exactly as decoded events would."""

from __future__ import annotations

import pytest

from application.settings import Settings
from application.store import generate_cipher_key
from domain.money import Money
from domain.nutrition import Nrs2002
from domain.quote import RefundScope
from projections.audit.chain import originator_text
from projections.audit.stored import StoredEventReader
from projections.audit.summary import describe
from tests.clinic import GRANDSON, Clinic
from tests.fixtures import (
    DOCTOR,
    STAFF,
    proxy_actor,
)


def _story(c: Clinic) -> None:
    package = c.publish()
    patient = c.patient(proxy_rights=["purchase", "request_refund"])
    episode = c.episode(patient, stages=["consulting"])
    c.app.record_screening(episode, c.c(DOCTOR), nrs2002=Nrs2002(2, 1, 78))  # aged 78
    sub = c.buy(package, patient, payment_ref="MALL-1")
    c.activate(sub, patient)
    grandson = proxy_actor(GRANDSON, patient)
    refund = c.refund(sub, RefundScope("items", {"escort": 1}), actor=grandson)
    c.app.agree_refund(refund, Money.parse("100.00"), "called", c.c(STAFF))


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_given_the_story_when_read_cheaply_then_every_column_matches_the_decoded_event(
    settings: Settings, encrypted: bool
) -> None:
    if encrypted:
        settings = settings.model_copy(update={"cipher_key": generate_cipher_key()})
    clinic = Clinic.over(settings)
    app = clinic.app
    try:
        _story(clinic)
        reader = StoredEventReader(app.mapper)
        notifications = app.recorder.select_notifications(start=1, limit=1000)
        assert len(notifications) > 20
        for n in notifications:
            originator = originator_text(n.originator_id)
            event = app.mapper.to_domain_event(n)
            expected = (describe(event, originator, n.topic), event.timestamp)
            assert reader.describe(n, originator) == expected, n.topic
    finally:
        app.close()
