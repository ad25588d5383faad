"""Business days run in the hospital's time zone (Ctx.zone), not in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

from domain.context import Actor, Ctx
from domain.errors import OutsideValidity
from domain.ledger import EntitlementLedger
from domain.subscription import Subscription
from tests.domain.builders import bought
from tests.expect import broken
from tests.fixtures import INTAKE, MALL, NURSE

SHANGHAI = ZoneInfo("Asia/Shanghai")
# 00:30 on 2 March in Beijing is still 1 March in UTC.
EARLY = datetime(2026, 3, 1, 16, 30, tzinfo=UTC)


def _active(zone: ZoneInfo | None) -> tuple[Subscription, EntitlementLedger]:
    subscription = bought(now=EARLY)
    grandson = Actor("grandson", "proxy")
    ctx = Ctx(grandson, "c", EARLY) if zone is None else Ctx(grandson, "c", EARLY, zone)
    subscription.submit_intake(INTAKE, ctx)
    return subscription, EntitlementLedger.open_for(subscription, Ctx(NURSE, "c", EARLY))


def test_today_is_the_hospital_s_date() -> None:
    ctx = Ctx(MALL, "c", EARLY, SHANGHAI)
    assert ctx.today == date(2026, 3, 2)
    assert Ctx(MALL, "c", EARLY).today == date(2026, 3, 1)  # UTC unless told
    assert ctx.day_of(datetime(2026, 3, 2, 23, 30)) == date(2026, 3, 3)  # naive: UTC
    assert ctx.as_system().zone is SHANGHAI


def test_a_subscription_starts_on_the_hospital_s_day() -> None:
    assert _active(None)[0].starts_on == date(2026, 3, 1)
    assert _active(SHANGHAI)[0].starts_on == date(2026, 3, 2)


def test_a_receipt_is_valid_by_the_hospital_s_date_of_its_time() -> None:
    _, ledger = _active(SHANGHAI)  # valid from 2 March, Beijing
    before = EARLY - timedelta(hours=1)  # 23:30 on 1 March in Beijing: before the start
    at_start = EARLY  # 00:30 on 2 March in Beijing (still 1 March in UTC)
    local = Ctx(MALL, "c", EARLY, SHANGHAI)

    with broken(OutsideValidity, "outside_validity"):
        ledger.redeem(uuid4(), "education", "edu", "EDU-1", before, local)
    ledger.redeem(uuid4(), "education", "edu", "EDU-2", at_start, local)
    assert ledger.usage()["education"].redeemed == 1
