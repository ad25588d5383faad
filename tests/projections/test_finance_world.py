"""The finance read model over a Carepack application; its handlers replay idempotently."""

from __future__ import annotations

from application.settings import Settings
from projections.finance.projector import FinanceProjector
from projections.rebuild import rebuild
from tests.fixtures import LEAD, STAFF, proxy_actor
from tests.projections.finance_world import FinanceWorld, finance_world, snapshot


def _some_history(fw: FinanceWorld) -> None:
    from uuid import uuid4

    from domain.money import Money
    from domain.quote import RefundScope

    w = fw.clinic
    patient, sub = w.active()
    w.later(2)
    w.app.receive_receipt("edu", "E-1", patient, "education", w.clock.now(), w.c(STAFF))
    refund = uuid4()
    w.app.request_refund(
        refund, sub, scope=RefundScope("items", {"follow_up": 2}), reason_code="other",
        reason_text="", requested_amount=None, ctx=w.c(proxy_actor("grandson", patient)),
    )  # fmt: skip
    w.app.approve_refund(refund, w.c(LEAD))
    w.app.record_refund_payment(
        refund, paid=True, provider_ref="RF-9", amount=None, reason="", ctx=w.c(STAFF)
    )
    w.app.request_refund(
        uuid4(), sub, scope=RefundScope("goodwill"), reason_code="other", reason_text="sorry",
        requested_amount=Money.parse("10.00"), ctx=w.c(STAFF),
    )  # fmt: skip


def test_given_events_projected_when_applied_again_then_nothing_changes(
    settings: Settings,
) -> None:
    with finance_world(settings) as fw:
        _some_history(fw)
        fw.project()
        before = snapshot(fw.engine)
        assert before["fin_refunds"] and before["fin_redemptions"]

        # When every event is applied a second time (handlers must be idempotent)
        items = [
            (n, fw.clinic.app.mapper.to_domain_event(n))
            for n in fw.clinic.app.recorder.select_notifications(1, 10_000)
        ]
        with fw.engine.begin() as conn:
            FinanceProjector().apply_batch(conn, items)

        # Then the model is unchanged
        assert snapshot(fw.engine) == before


def test_given_a_projected_model_when_rebuilt_then_it_is_the_same(settings: Settings) -> None:
    with finance_world(settings) as fw:
        _some_history(fw)
        fw.project()
        before = snapshot(fw.engine)
        rebuild(fw.runner)
        assert snapshot(fw.engine) == before
