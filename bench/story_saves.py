"""Benchmark: the story's commands, one transaction each, on SQLite and on PostgreSQL.

Prints one line per store:
  story_saves_<store> <saves/s> saves/s commands=<n> events=<m> <events/s> events/s
Run: `.venv/bin/python bench/story_saves.py [--quick] [-n N] [--store sqlite|postgres]`.
PostgreSQL: a throwaway `carepack_t_*` database on TEST_PG_ADMIN_DSN's server, dropped after.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import psycopg
from psycopg import sql

from application.app import Carepack
from application.base import Done
from application.clock import FixedClock
from application.settings import Settings
from domain.context import Actor, Ctx
from domain.money import Money
from domain.quote import RefundScope
from domain.terms import CareTeam, IntakeField, PackageContent, PackageItem, RefundPolicy

PG_ADMIN_DSN = os.environ.get("TEST_PG_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")
STAFF, LEAD = Actor("staff-zhao", "service_staff"), Actor("lead-chen", "service_lead")
DOCTOR, MALL = Actor("dr-wang", "doctor"), Actor("mall", "integration")
NURSE, REVIEWER = Actor("nurse-li", "nurse"), Actor("reviewer-sun", "catalogue_reviewer")
PRICE = Money.parse("1999.00")


def package_content() -> PackageContent:
    return PackageContent(
        code="DM-ANNUAL", name="Diabetes annual follow-up", disease_codes=("E11",),
        items=(
            PackageItem("follow_up", "Follow-up call", "follow_up", 12, 100, "auto"),
            PackageItem("escort", "Escorted visit", "per_use", 2, 300, "manual"),
            PackageItem("education", "Patient education", "education", 6, 50, "auto"),
        ),
        validity_days=365, price=PRICE,
        care_team=CareTeam("work_group", "endo-team-1", "Endocrinology team 1"),
        refund_policy=RefundPolicy(full_before_start=True, cooling_off_days=0, fee_pct=0),
        consultation_required=True,
        intake_form=(IntakeField("height_cm", "Height (cm)", "number", required=True),),
    )  # fmt: skip


class Story:
    """One application and a clock; `run_once` plays the story for a new patient."""

    def __init__(self, app: Carepack, clock: FixedClock) -> None:
        self.app, self.clock = app, clock
        self.package = uuid4()
        app.draft_package(self.package, package_content(), self.c(NURSE))
        for step, actor in ((app.submit_package, NURSE), (app.approve_package, REVIEWER)):
            step(self.package, self.c(actor))
        app.publish_package(self.package, self.c(REVIEWER))

    def c(self, actor: Actor) -> Ctx:
        return Ctx(actor, str(uuid4()), self.clock.now())

    def run_once(self) -> list[Done[Any]]:
        app, patient, episode, sub = self.app, uuid4(), uuid4(), uuid4()
        proxy = Actor("grandson", "proxy", patient)
        done: list[Done[Any]] = [
            app.register_patient(
                patient, name="王秀英", sex="female", birth_date=date(1948, 4, 2),
                phone="13800000000", id_document_type="resident_id",
                id_number="110101194804021234", department="endocrinology",
                ctx=self.c(STAFF),
            ),
            app.authorise_proxy(
                patient, "grandson", "child", ["purchase", "confirm_redemption"], self.c(STAFF)
            ),
            app.open_episode(
                episode, patient_id=patient, department="endocrinology", condition_code="E11",
                condition_label="Type 2 diabetes", care_team_id="endo-team-1",
                programme="chronic_disease", ctx=self.c(DOCTOR),
            ),
            app.purchase(
                sub, package_id=self.package, patient_id=patient, buyer_user_id="grandson",
                buyer_relation="child", payer_type="family", amount_paid=PRICE,
                payment_ref=f"MALL-{sub}", ctx=self.c(MALL),
            ),
            app.record_consultation(sub, True, "suitable", self.c(DOCTOR)),
            app.submit_intake(sub, {"height_cm": 162}, self.c(proxy)),
        ]  # fmt: skip
        return done + self.redeem_and_refund(patient, episode, sub, proxy)

    def redeem_and_refund(
        self, patient: UUID, episode: UUID, sub: UUID, proxy: Actor
    ) -> list[Done[Any]]:
        app, follow_up, escort, refund = self.app, uuid4(), uuid4(), uuid4()
        now = self.clock.now()
        receipt = ("edu-platform", f"EDU-{sub}", patient, "education", now, self.c(MALL))
        return [
            app.schedule_follow_up(episode, follow_up, now.date(), "phone", "staff-zhao",
                                   self.c(STAFF)),
            app.complete_follow_up(episode, follow_up, "glucose stable", self.c(STAFF)),
            app.receive_receipt(*receipt),
            app.receive_receipt(*receipt),  # the same receipt again: answers, writes nothing
            app.claim_redemption(escort, sub, "escort", "escorted to clinic", self.c(STAFF)),
            app.confirm_redemption(escort, self.c(proxy)),
            app.request_refund(
                refund, sub, scope=RefundScope("items", {"escort": 1}),
                reason_code="no_longer_needed", reason_text="", requested_amount=None,
                ctx=self.c(STAFF),
            ),
            app.agree_refund(refund, Money.parse("239.88"), "called grandson", self.c(STAFF)),
            app.approve_refund(refund, self.c(LEAD)),
            app.record_refund_payment(refund, paid=True, provider_ref=f"RF-{refund}",
                                      amount=None, reason="", ctx=self.c(MALL)),
        ]  # fmt: skip


def measure(settings: Settings, n: int) -> str:
    """Play the story n times; the line to print (store name, rates, counts)."""
    clock = FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    app = Carepack(settings, clock)
    try:
        story = Story(app, clock)
        story.run_once()  # warm-up: imports, prepared statements, pool
        first = (app.recorder.max_notification_id() or 0) + 1
        started = time.perf_counter()
        done = [d for _ in range(n) for d in story.run_once()]
        elapsed = time.perf_counter() - started
        events = len(app.recorder.select_notifications(first, 10 * len(done) + 100))
    finally:
        app.close()
    saves = sum(1 for d in done if d.position is not None)
    store = "postgres" if settings.is_postgres else "sqlite"
    return (
        f"story_saves_{store} {saves / elapsed:.1f} saves/s commands={len(done)} "
        f"events={events} {events / elapsed:.1f} events/s"
    )


def on_sqlite(n: int) -> str:
    with tempfile.TemporaryDirectory(prefix="carepack-bench-") as tmp:
        return measure(Settings(database_url=f"sqlite:///{Path(tmp) / 'events.db'}"), n)


def on_postgres(n: int) -> str:
    name = f"carepack_t_bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            url = PG_ADMIN_DSN.rsplit("/", 1)[0] + "/" + name
            return measure(Settings(database_url=url), n)
        finally:
            drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            admin.execute(drop.format(sql.Identifier(name)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small run (n=20)")
    parser.add_argument("-n", type=int, default=None, help="stories per store (default 200)")
    parser.add_argument("--store", choices=("sqlite", "postgres", "both"), default="both")
    args = parser.parse_args(argv)
    n = args.n or (20 if args.quick else 200)
    if args.store in ("sqlite", "both"):
        print(on_sqlite(n), flush=True)
    if args.store in ("postgres", "both"):
        print(on_postgres(n), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
