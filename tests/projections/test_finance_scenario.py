"""Finance figures to the fen: purchases, a partial refund paid after a failure, goodwill."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

from application.settings import Settings
from domain.money import Money
from domain.quote import RefundScope
from projections.finance import queries
from tests.clinic import GRANDSON
from tests.fixtures import (
    DOCTOR,
    FINANCE,
    LEAD,
    MALL,
    STAFF,
    START,
    patient_actor,
    proxy_actor,
)
from tests.projections.finance_world import FinanceWorld, at_day, finance_world, story

PAID = 199900  # 1999.00: follow_up 12×w100, escort 2×w300, education 6×w50, band 1×w400
# Item values 95952 / 47976 / 23988 / 31984; unit values 7996 / 23988 / 3998 / 31984.
REDEEMED = 7996 + 23988 + 3998  # one follow-up, one escort, one education unit
DAY0 = START.date()


def test_given_the_story_then_every_figure_is_right_to_the_fen(settings: Settings) -> None:
    with finance_world(settings) as fw:
        w, app = fw.clinic, fw.clinic.app
        patient, sub, other, refund, package = story(fw)

        # Then, while the payout has failed, the refund still counts as committed
        fw.project()
        failed = queries.balance(fw.engine, sub)
        assert failed is not None
        assert (failed["paid"], failed["refunded"], failed["committed"]) == (PAID, 0, 23988)
        assert (failed["awaiting_payout"], failed["refundable"]) == (23988, PAID - 23988)
        assert (failed["redeemed_value"], failed["undelivered_value"]) == (
            REDEEMED,
            PAID - REDEEMED,
        )
        row = queries.refund(fw.engine, refund)
        assert row is not None and row["status"] == "payment_failed"
        assert row["failure_reason"] == "account closed" and row["failed_at"] == at_day(10)

        # When the payout succeeds the next day, and a goodwill refund is paid the day after
        w.later(1)
        app.record_refund_payment(
            refund, paid=True, provider_ref="RF-1", amount=Money.parse("239.88"), reason="",
            ctx=w.c(MALL),
        )  # fmt: skip
        goodwill = uuid4()
        app.request_refund(
            goodwill, sub, scope=RefundScope("goodwill"), reason_code="other",
            reason_text="late visit", requested_amount=Money.parse("50.00"),
            ctx=w.c(patient_actor(patient)),
        )  # fmt: skip
        app.agree_refund(goodwill, Money.parse("50.00"), "apology", w.c(STAFF))
        app.approve_refund(goodwill, w.c(FINANCE))
        w.later(1)
        app.record_refund_payment(
            goodwill, paid=True, provider_ref="RF-2", amount=None, reason="", ctx=w.c(MALL)
        )
        # And on the other subscription one refund is withdrawn and one rejected
        withdrawn, rejected = uuid4(), uuid4()
        app.request_refund(
            withdrawn, other, scope=RefundScope("goodwill"), reason_code="other", reason_text="",
            requested_amount=None, ctx=w.c(proxy_actor(GRANDSON, patient)),
        )  # fmt: skip
        app.withdraw_refund(withdrawn, w.c(proxy_actor(GRANDSON, patient)))
        app.request_refund(
            rejected, other, scope=RefundScope("goodwill"), reason_code="other", reason_text="",
            requested_amount=Money.parse("20.00"), ctx=w.c(STAFF),
        )  # fmt: skip
        app.reject_refund(rejected, "no grounds", w.c(LEAD))
        fw.project()

        # Then the balances are exact
        refunded = 23988 + 5000
        balance = queries.balance(fw.engine, sub)
        assert balance is not None
        assert {k: balance[k] for k in ("paid", "refunded", "committed", "awaiting_payout")} == {
            "paid": PAID, "refunded": refunded, "committed": refunded, "awaiting_payout": 0,
        }  # fmt: skip
        assert balance["refundable"] == PAID - refunded == 170912
        assert balance["redeemed_value"] == REDEEMED == 35982
        assert balance["undelivered_value"] == PAID - REDEEMED - refunded == 134930
        assert (balance["payer_type"], balance["package_id"]) == ("family", str(package))
        untouched = queries.balance(fw.engine, other)
        assert untouched is not None
        assert (untouched["refunded"], untouched["refundable"], untouched["redeemed_value"]) == (
            0, PAID, 0,
        )  # fmt: skip
        assert untouched["undelivered_value"] == PAID
        assert queries.balance(fw.engine, uuid4()) is None

        # And the refund rows carry every amount, time and actor
        row = queries.refund(fw.engine, refund)
        assert row is not None
        assert {k: row[k] for k in (
            "status", "scope", "items", "payer_type", "package_id", "subscription_id",
            "requested_amount", "quoted_amount", "agreed_amount", "approved_amount",
            "paid_amount", "provider_ref", "reason_code", "channel",
        )} == {
            "status": "paid", "scope": "items", "items": {"escort": 1}, "payer_type": "family",
            "package_id": str(package), "subscription_id": str(sub), "requested_amount": None,
            "quoted_amount": 23988, "agreed_amount": 23988, "approved_amount": 23988,
            "paid_amount": 23988, "provider_ref": "RF-1", "reason_code": "no_longer_needed",
            "channel": "self_service",
        }  # fmt: skip
        assert (row["requested_at"], row["requested_by"]) == (at_day(10), GRANDSON)
        assert (row["agreed_at"], row["agreed_by"]) == (at_day(10), STAFF.user_id)
        assert (row["approved_at"], row["approved_by"]) == (at_day(10), LEAD.user_id)
        assert (row["failed_at"], row["paid_at"], row["paid_by"]) == (
            at_day(10),
            at_day(11),
            "mall",
        )
        good = queries.refund(fw.engine, goodwill)
        assert good is not None
        assert (good["requested_amount"], good["quoted_amount"], good["agreed_amount"]) == (
            5000, 0, 5000,
        )  # fmt: skip
        assert (good["approved_amount"], good["approved_by"], good["paid_amount"]) == (
            5000, FINANCE.user_id, 5000,
        )  # fmt: skip
        gone = queries.refund(fw.engine, withdrawn)
        no = queries.refund(fw.engine, rejected)
        assert gone is not None and no is not None
        assert (gone["status"], gone["withdrawn_by"], gone["withdrawn_at"]) == (
            "withdrawn", GRANDSON, at_day(12),
        )  # fmt: skip
        assert (no["status"], no["rejected_by"]) == ("rejected", LEAD.user_id)
        # Minimum necessary: the reason's free text stays out of finance's tables.
        assert "rejection_reason" not in no and "no grounds" not in str(_all(fw))
        assert DOCTOR.user_id not in {r["requested_by"] for r in _all(fw)}

        # And the daily totals split by payer type and UTC day
        days = [
            (d["day"], d["payer_type"], d["purchases_count"], d["purchases_amount"],
             d["refunds_paid_count"], d["refunds_paid_amount"])
            for d in queries.daily(fw.engine)
        ]  # fmt: skip
        assert days == [
            (DAY0, "commercial_insurance", 1, PAID, 0, 0),
            (DAY0, "family", 1, PAID, 0, 0),
            (date(2026, 3, 13), "family", 0, 0, 1, 23988),
            (date(2026, 3, 14), "family", 0, 0, 1, 5000),
        ]
        assert [
            d["day"] for d in queries.daily(fw.engine, date(2026, 3, 13), DAY0 + timedelta(11))
        ] == [date(2026, 3, 13)]


def _all(fw: FinanceWorld) -> list[dict[str, object]]:
    items: list[dict[str, object]] = queries.refunds(fw.engine, limit=200)["items"]
    return items
