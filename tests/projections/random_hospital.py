"""A random hospital: random steps over a clinic, for the rebuild-equals-incremental tests."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from uuid import UUID, uuid4

from hypothesis import strategies as st

from application.settings import Settings
from domain.errors import DomainError
from domain.money import Money
from domain.quote import RefundScope
from tests.clinic import Clinic
from tests.fixtures import FINANCE, LEAD, MALL, STAFF, annual_package, patient_actor
from tests.projections.dashboard_world import ENDO, ONC, dashboard_episode, nutrition_package


class RandomHospital:
    """Interprets random steps over a clinic; a step the rules refuse is simply skipped."""

    def __init__(self, settings: Settings) -> None:
        self.clinic = c = Clinic.over(settings)
        self.packages = [c.publish(annual_package()), c.publish(nutrition_package())]
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
        self.patients.append(self.clinic.patient())

    def do_episode(self, i: int, j: int) -> None:
        patient = self.patients[i % len(self.patients)]
        dept, code = [(ENDO, "E11"), (ONC, "C16"), (ONC, "E11")][j % 3]
        self.episodes.append(dashboard_episode(self.clinic, patient, dept, code))

    def do_move(self, i: int, j: int) -> None:
        stage = ["consulting", "admitted", "discharged", "follow_up", "closed", "cancelled"][j % 6]
        self.clinic.move(self.episodes[i % len(self.episodes)], stage)

    def do_screen(self, i: int, j: int) -> None:
        self.clinic.screen(self.episodes[i % len(self.episodes)], nrs=j % 7)

    def do_plan(self, i: int, j: int) -> None:
        self.clinic.care_plan(self.episodes[i % len(self.episodes)])

    def do_follow_up(self, i: int, j: int) -> None:
        episode = self.episodes[i % len(self.episodes)]
        self.follow_ups.append((episode, self.clinic.follow_up(episode, due_in_days=j % 5 - 2)))

    def do_close_follow_up(self, i: int, j: int) -> None:
        episode, follow_up = self.follow_ups[i % len(self.follow_ups)]
        if j % 2:
            self.clinic.app.complete_follow_up(episode, follow_up, "ok", self.clinic.c(STAFF))
        else:
            self.clinic.app.miss_follow_up(episode, follow_up, "", self.clinic.c(STAFF))

    def do_recommend(self, i: int, j: int) -> None:
        self.clinic.recommend(self.episodes[i % len(self.episodes)], self.packages[j % 2])

    def do_buy(self, i: int, j: int) -> None:
        patient = self.patients[i % len(self.patients)]
        price = ["1999.00", "999.00"][j % 2]
        sub = self.clinic.buy(self.packages[j % 2], patient, price=price, by_patient=True)
        self.subs.append((sub, patient))

    def do_enrol(self, i: int, j: int) -> None:
        sub, patient = self.subs[i % len(self.subs)]
        if j % 3 == 0:
            self.clinic.consult(sub, suitable=j % 2 == 0)
        else:
            self.clinic.activate(sub, patient, consult=False, by_patient=True)

    def do_receipt(self, i: int, j: int) -> None:
        self.clinic.receipt(
            self.patients[i % len(self.patients)], ["follow_up", "education"][j % 2]
        )

    def do_claim(self, i: int, j: int) -> None:
        sub, patient = self.subs[i % len(self.subs)]
        self.redemptions.append((self.clinic.claim(sub), patient))

    def do_settle_claim(self, i: int, j: int) -> None:
        redemption, patient = self.redemptions[i % len(self.redemptions)]
        who = self.clinic.c(patient_actor(patient))
        [
            lambda: self.clinic.app.confirm_redemption(redemption, who),
            lambda: self.clinic.app.dispute_redemption(redemption, "no", who),
            lambda: self.clinic.app.reverse_redemption(redemption, "ok", self.clinic.c(LEAD)),
            lambda: self.clinic.app.uphold_redemption(redemption, "ok", self.clinic.c(LEAD)),
        ][j % 4]()

    def do_refund(self, i: int, j: int) -> None:
        sub, _ = self.subs[i % len(self.subs)]
        scope = [RefundScope("items", {"escort": 1}), RefundScope("remaining")][j % 2]
        self.refunds.append(uuid4())
        self.clinic.app.request_refund(
            self.refunds[-1], sub, scope=scope, reason_code="other", reason_text="",
            requested_amount=None, ctx=self.clinic.c(STAFF),
        )  # fmt: skip

    def do_settle_refund(self, i: int, j: int) -> None:
        refund = self.refunds[i % len(self.refunds)]
        [
            lambda: self.clinic.app.approve_refund(refund, self.clinic.c(LEAD)),
            lambda: self.clinic.app.reject_refund(refund, "no", self.clinic.c(LEAD)),
            lambda: self.clinic.app.withdraw_refund(refund, self.clinic.c(STAFF)),
            lambda: self.clinic.app.record_refund_payment(
                refund, paid=j % 8 < 4, provider_ref=f"RF-{uuid4()}", amount=None,
                reason="x", ctx=self.clinic.c(MALL)),
            lambda: self.clinic.app.agree_refund(refund, Money(100), "", self.clinic.c(STAFF)),
            lambda: self.clinic.app.approve_refund(refund, self.clinic.c(FINANCE)),
        ][j % 6]()  # fmt: skip

    def do_wait(self, i: int, j: int) -> None:
        self.clinic.later(1 + (j % 3) * 10)
        self.clinic.app.expire_due(self.clinic.c(STAFF))


OPS = [name[3:] for name in vars(RandomHospital) if name.startswith("do_")]
steps = st.lists(
    st.tuples(st.sampled_from(OPS), st.integers(0, 50), st.integers(0, 50)),
    min_size=10,
    max_size=40,
)
