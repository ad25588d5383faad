"""The finance read model over a Carepack application; its handlers replay idempotently."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select

from application.settings import Settings
from projections.engine import create_read_engine
from projections.finance.projector import FinanceProjector
from projections.finance.tables import PROJECTED
from projections.migrations import upgrade
from projections.rebuild import rebuild
from projections.runner import Runner
from tests.application.world import World
from tests.fixtures import LEAD, STAFF, proxy_actor


@dataclass
class FinanceWorld:
    """A test world, the migrated read-model engine and the finance projection's runner."""

    world: World
    engine: Engine
    runner: Runner

    def project(self) -> int:
        return self.runner.catch_up()


@contextmanager
def finance_world(settings: Settings) -> Iterator[FinanceWorld]:
    upgrade(settings)
    world = World.over(settings)
    engine = create_read_engine(settings)
    try:
        yield FinanceWorld(world, engine, Runner(world.app, engine, FinanceProjector()))
    finally:
        world.app.close()
        engine.dispose()


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every projected finance row, in a stable order."""
    with engine.connect() as conn:
        return {t.name: sorted(tuple(r) for r in conn.execute(select(t)).all()) for t in PROJECTED}


def _some_history(fw: FinanceWorld) -> None:
    from uuid import uuid4

    from domain.money import Money
    from domain.quote import RefundScope

    w = fw.world
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
            (n, fw.world.app.mapper.to_domain_event(n))
            for n in fw.world.app.recorder.select_notifications(1, 10_000)
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
