"""Finance per package and per day (the charts' series), and how long refunds wait."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

from application.settings import Settings
from domain.quote import RefundScope
from projections.finance.series import package_balances, series
from projections.finance.waits import refund_waits
from tests.fixtures import MALL, STAFF, START
from tests.projections.finance_world import at_day, finance_world, story

# The story's figures (as test_finance_scenario works them out): each purchase paid 1999.00;
# one follow-up, one escort and one education unit redeemed; one escort unit refunded.
PAID = 199900
REDEEMED = 7996 + 23988 + 3998
ESCORT = 23988
DAY0 = START.date()


def test_given_the_story_when_summed_per_day_and_package_then_each_day_shows_its_movements(
    settings: Settings,
) -> None:
    with finance_world(settings) as fw:
        w = fw.clinic
        _, _, _, refund, package = story(fw)
        w.later(1)
        w.app.record_refund_payment(
            refund, paid=True, provider_ref="RF-1", amount=None, reason="", ctx=w.c(MALL)
        )
        fw.project()

        points = {(p["day"], p["package_id"]): p for p in series(fw.engine)}
        # Then the purchases fall on day 0, the three units taken on day 10, the payout on 11
        day0, day10, day11 = DAY0, DAY0 + timedelta(days=10), DAY0 + timedelta(days=11)
        assert sorted(points) == [(day0, str(package)), (day10, str(package)),
                                  (day11, str(package))]  # fmt: skip
        assert (points[(day0, str(package))]["purchases_count"],
                points[(day0, str(package))]["purchases_amount"]) == (2, 2 * PAID)  # fmt: skip
        assert points[(day10, str(package))]["redemptions_count"] == 3
        assert points[(day10, str(package))]["refunds_paid_amount"] == 0
        assert (points[(day11, str(package))]["refunds_paid_count"],
                points[(day11, str(package))]["refunds_paid_amount"]) == (1, ESCORT)  # fmt: skip
        # And the bounds are inclusive days
        assert [p["day"] for p in series(fw.engine, day10, day10)] == [day10]
        assert series(fw.engine, day0 + timedelta(days=1), day0 + timedelta(days=9)) == []

        # And per package the balances sum its subscriptions: deferred revenue is what is
        # paid and neither delivered nor refunded
        (row,) = package_balances(fw.engine)
        assert (row["package_id"], row["subscriptions"], row["paid"]) == (str(package), 2,
                                                                          2 * PAID)  # fmt: skip
        assert (row["refunded"], row["redeemed_value"]) == (ESCORT, REDEEMED)
        assert row["undelivered_value"] == 2 * PAID - REDEEMED - ESCORT


def test_given_refunds_at_several_steps_when_timed_then_each_step_has_its_waits(
    settings: Settings,
) -> None:
    with finance_world(settings) as fw:
        w = fw.clinic
        _, sub, other, refund, _ = story(fw)  # asked, agreed, approved on day 10
        w.later(1)
        w.app.record_refund_payment(
            refund, paid=True, provider_ref="RF-1", amount=None, reason="", ctx=w.c(MALL)
        )
        waiting = uuid4()
        w.app.request_refund(
            waiting, other, scope=RefundScope("goodwill"), reason_code="other",
            reason_text="", requested_amount=None, ctx=w.c(STAFF),
        )  # fmt: skip
        fw.project()

        steps = {s["step"]: s for s in refund_waits(fw.engine, now=at_day(13))}
        # Then the paid refund waited a day for its payout and nothing before it
        assert (steps["agree"]["done"], steps["agree"]["median_hours"]) == (1, 0.0)
        assert (steps["approve"]["done"], steps["approve"]["max_hours"]) == (1, 0.0)
        assert (steps["pay"]["done"], steps["pay"]["median_hours"]) == (1, 24.0)
        assert steps["pay"]["p90_hours"] == 24.0 and steps["pay"]["waiting"] == 0
        # And the one asked on day 11 has waited two days for agreement by day 13
        assert (steps["agree"]["waiting"], steps["agree"]["longest_waiting_hours"]) == (1, 48.0)
        # And a window of request times leaves out refunds asked outside it
        late = {s["step"]: s for s in refund_waits(fw.engine, at_day(13), since=at_day(11))}
        assert (late["agree"]["done"], late["agree"]["waiting"], late["pay"]["done"]) == (0, 1, 0)
        assert sub
