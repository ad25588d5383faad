"""The audit's cheap reading of stored events describes them exactly as decoded events would."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest

from application.app import Carepack
from application.clock import FixedClock
from application.settings import Settings
from application.store import generate_cipher_key
from domain.money import Money
from domain.nutrition import Nrs2002
from domain.quote import RefundScope
from projections.audit.chain import originator_text
from projections.audit.stored import StoredEventReader
from projections.audit.summary import describe
from tests.fixtures import (
    DOCTOR,
    INTAKE,
    MALL,
    NURSE,
    REVIEWER,
    STAFF,
    START,
    annual_package,
    ctx,
    proxy_actor,
)


def _story(app: Carepack) -> None:
    package, patient, episode, sub = uuid4(), uuid4(), uuid4(), uuid4()
    app.draft_package(package, annual_package(), ctx(NURSE))
    app.submit_package(package, ctx(NURSE))
    app.approve_package(package, ctx(REVIEWER))
    app.publish_package(package, ctx(REVIEWER))
    app.register_patient(
        patient, name="王秀英", sex="female", birth_date=date(1948, 4, 2), phone="13800000000",
        id_document_type="resident_id", id_number="110101194804021234",
        department="endocrinology", ctx=ctx(STAFF),
    )  # fmt: skip
    app.authorise_proxy(patient, "grandson", "child", ["purchase", "request_refund"], ctx(STAFF))
    app.open_episode(
        episode, patient_id=patient, department="endocrinology", condition_code="E11",
        condition_label="Type 2 diabetes", care_team_id="endo-team-1",
        programme="chronic_disease", ctx=ctx(DOCTOR),
    )  # fmt: skip
    app.move_episode(episode, "consulting", ctx(DOCTOR))
    app.record_screening(episode, ctx(DOCTOR), nrs2002=Nrs2002(2, 1, 78))
    app.purchase(
        sub, package_id=package, patient_id=patient, buyer_user_id="grandson",
        buyer_relation="child", payer_type="family", amount_paid=Money.parse("1999.00"),
        payment_ref="MALL-1", ctx=ctx(MALL),
    )  # fmt: skip
    app.record_consultation(sub, True, "suitable", ctx(DOCTOR))
    app.submit_intake(sub, INTAKE, ctx(proxy_actor("grandson", patient)))
    refund = uuid4()
    app.request_refund(
        refund, sub, scope=RefundScope("items", {"escort": 1}), reason_code="no_longer_needed",
        reason_text="", requested_amount=None, ctx=ctx(proxy_actor("grandson", patient)),
    )  # fmt: skip
    app.agree_refund(refund, Money.parse("100.00"), "called", ctx(STAFF))


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_given_the_story_when_read_cheaply_then_every_column_matches_the_decoded_event(
    settings: Settings, encrypted: bool
) -> None:
    if encrypted:
        settings = settings.model_copy(update={"cipher_key": generate_cipher_key()})
    app = Carepack(settings, FixedClock(START))
    try:
        _story(app)
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
