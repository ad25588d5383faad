"""The dashboard is idempotent and rebuildable: event by event equals a rebuild from zero."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from application.settings import Settings
from domain.errors import DomainError
from domain.money import Money
from domain.quote import RefundScope
from projections.dashboard.projector import DashboardProjector
from projections.dashboard.queries import summary
from projections.dashboard.tables import TABLES
from projections.engine import create_read_engine
from projections.rebuild import rebuild
from projections.runner import Runner
from projections.schema import projection_failures, projection_positions
from tests.fixtures import DOCTOR, FINANCE, LEAD, MALL, STAFF, annual_package, patient_actor
from tests.projections.dashboard_world import (
    ENDO,
    ONC,
    Hospital,
    nutrition_package,
    project,
    read_engine,
    snapshot,
)
from tests.projections.summary_by_rows import summary_by_rows
from tests.projections.test_dashboard import build


def _rebuilt(hospital: Hospital, engine: Engine) -> dict[str, set[tuple[Any, ...]]]:
    rebuild(Runner(hospital.app, engine, DashboardProjector(), batch_size=10_000))
    return snapshot(engine)


def test_given_a_hospital_when_projected_one_by_one_then_a_rebuild_gives_the_same_rows(
    settings: Settings,
) -> None:
    hospital, engine = Hospital(settings), read_engine(settings)
    try:
        build(hospital)
        project(hospital, engine, batch_size=1)
        incremental = snapshot(engine)

        assert [t.name for t in TABLES if not incremental[t.name]] == []  # all are exercised
        assert _rebuilt(hospital, engine) == incremental
    finally:
        hospital.app.close()
        engine.dispose()


def test_given_applied_events_when_applied_again_then_no_row_changes(settings: Settings) -> None:
    hospital, engine = Hospital(settings), read_engine(settings)
    try:
        build(hospital)
        project(hospital, engine)
        before = snapshot(engine)
        projector = DashboardProjector()
        notifications = hospital.app.recorder.select_notifications(start=1, limit=10_000)
        with engine.begin() as conn:
            for n in notifications:
                projector.apply(conn, n.id, hospital.app.mapper.to_domain_event(n))

        assert snapshot(engine) == before
    finally:
        hospital.app.close()
        engine.dispose()


# --- random hospitals (SQLite only: a fresh store per example) -------------------------


class RandomHospital(Hospital):
    """Interprets random steps; a step the rules refuse is simply skipped."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.packages = [self.publish(annual_package()), self.publish(nutrition_package())]
        self.patients: list[UUID] = []
        self.episodes: list[UUID] = []
        self.follow_ups: list[tuple[UUID, UUID]] = []
        self.subs: list[tuple[UUID, UUID]] = []
        self.redemptions: list[tuple[UUID, UUID]] = []  # (redemption, patient)
        self.refunds: list[UUID] = []

    def step(self, op: str, i: int, j: int) -> None:
        action: Callable[[int, int], None] = getattr(self, "do_" + op)
        with contextlib.suppress(DomainError, IndexError, ZeroDivisionError):
            action(i, j)

    def do_patient(self, i: int, j: int) -> None:
        self.patients.append(self.patient())

    def do_episode(self, i: int, j: int) -> None:
        patient = self.patients[i % len(self.patients)]
        dept, code = [(ENDO, "E11"), (ONC, "C16"), (ONC, "E11")][j % 3]
        self.episodes.append(self.episode(patient, dept, code))

    def do_move(self, i: int, j: int) -> None:
        stage = ["consulting", "admitted", "discharged", "follow_up", "closed", "cancelled"][j % 6]
        self.move(self.episodes[i % len(self.episodes)], stage)

    def do_screen(self, i: int, j: int) -> None:
        self.screen(self.episodes[i % len(self.episodes)], nrs=j % 7)

    def do_plan(self, i: int, j: int) -> None:
        self.care_plan(self.episodes[i % len(self.episodes)])

    def do_follow_up(self, i: int, j: int) -> None:
        episode = self.episodes[i % len(self.episodes)]
        self.follow_ups.append((episode, self.follow_up(episode, j % 5 - 2)))

    def do_close_follow_up(self, i: int, j: int) -> None:
        episode, follow_up = self.follow_ups[i % len(self.follow_ups)]
        if j % 2:
            self.app.complete_follow_up(episode, follow_up, "ok", self.c(STAFF))
        else:
            self.app.miss_follow_up(episode, follow_up, "", self.c(STAFF))

    def do_recommend(self, i: int, j: int) -> None:
        self.recommend(self.episodes[i % len(self.episodes)], self.packages[j % 2])

    def do_buy(self, i: int, j: int) -> None:
        patient = self.patients[i % len(self.patients)]
        sub = self.buy(patient, self.packages[j % 2], ["1999.00", "999.00"][j % 2])
        self.subs.append((sub, patient))

    def do_enrol(self, i: int, j: int) -> None:
        sub, patient = self.subs[i % len(self.subs)]
        if j % 3 == 0:
            self.app.record_consultation(sub, j % 2 == 0, "", self.c(DOCTOR))
        else:
            self.enrol(sub, patient)

    def do_receipt(self, i: int, j: int) -> None:
        self.receipt(self.patients[i % len(self.patients)], ["follow_up", "education"][j % 2])

    def do_claim(self, i: int, j: int) -> None:
        sub, patient = self.subs[i % len(self.subs)]
        self.redemptions.append((self.claim(sub), patient))

    def do_settle_claim(self, i: int, j: int) -> None:
        redemption, patient = self.redemptions[i % len(self.redemptions)]
        who = self.c(patient_actor(patient))
        [
            lambda: self.app.confirm_redemption(redemption, who),
            lambda: self.app.dispute_redemption(redemption, "no", who),
            lambda: self.app.reverse_redemption(redemption, "ok", self.c(LEAD)),
            lambda: self.app.uphold_redemption(redemption, "ok", self.c(LEAD)),
        ][j % 4]()

    def do_refund(self, i: int, j: int) -> None:
        sub, _ = self.subs[i % len(self.subs)]
        scope = [RefundScope("items", {"escort": 1}), RefundScope("remaining")][j % 2]
        self.refunds.append(uuid4())
        self.app.request_refund(
            self.refunds[-1], sub, scope=scope, reason_code="other", reason_text="",
            requested_amount=None, ctx=self.c(STAFF),
        )  # fmt: skip

    def do_settle_refund(self, i: int, j: int) -> None:
        refund = self.refunds[i % len(self.refunds)]
        [
            lambda: self.app.approve_refund(refund, self.c(LEAD)),
            lambda: self.app.reject_refund(refund, "no", self.c(LEAD)),
            lambda: self.app.withdraw_refund(refund, self.c(STAFF)),
            lambda: self.app.record_refund_payment(
                refund, paid=j % 8 < 4, provider_ref=f"RF-{uuid4()}", amount=None,
                reason="x", ctx=self.c(MALL)),
            lambda: self.app.agree_refund(refund, Money(100), "", self.c(STAFF)),
            lambda: self.app.approve_refund(refund, self.c(FINANCE)),
        ][j % 6]()  # fmt: skip

    def do_wait(self, i: int, j: int) -> None:
        self.clock.advance(timedelta(days=1 + (j % 3) * 10))
        self.app.expire_due(self.c(STAFF))


OPS = [name[3:] for name in vars(RandomHospital) if name.startswith("do_")]
steps = st.lists(
    st.tuples(st.sampled_from(OPS), st.integers(0, 50), st.integers(0, 50)),
    min_size=10,
    max_size=40,
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=steps)
def test_given_random_histories_when_projected_one_by_one_then_a_rebuild_agrees(
    steps: list[tuple[str, int, int]],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings_ = Settings(database_url=f"sqlite:///{tmp}/events.db", data_dir=Path(tmp))
        hospital = RandomHospital(settings_)
        for k in range(3):  # some material for the random steps to work on
            hospital.do_patient(k, k)
            hospital.do_episode(k, k)
            hospital.do_buy(k, k)
        engine = create_read_engine(settings_)
        try:
            for table in (projection_positions, projection_failures, *TABLES):
                table.create(engine)
            for op, i, j in steps:
                hospital.step(op, i, j)
                project(hospital, engine, batch_size=1)
            incremental = snapshot(engine)
            event(f"tables filled: {sum(bool(rows) for rows in incremental.values()) // 4 * 4}+")
            assert _rebuilt(hospital, engine) == incremental
            for day in (hospital.today, hospital.today + timedelta(days=20)):
                assert summary(engine, None, day) == summary_by_rows(engine, None, day)
        finally:
            hospital.app.close()
            engine.dispose()
