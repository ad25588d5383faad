"""Settlement reconciliation: every status, and malformed files that name the line."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, func, select

from application.settings import Settings
from domain.quote import RefundScope
from projections.engine import create_read_engine
from projections.finance.queries import get_report
from projections.finance.reconcile import import_settlement
from projections.finance.settlement import SettlementError, parse_settlement
from projections.finance.tables import fin_reconciliation_lines, fin_reconciliations
from projections.migrations import upgrade
from tests.clinic import ALL_PROXY_RIGHTS, GRANDSON
from tests.fixtures import FINANCE, MALL, START, proxy_actor
from tests.projections.finance_world import finance_world

HEADER = "provider_ref,kind,amount,currency,settled_at\n"
SETTLEMENT = HEADER + (
    "MALL-0001,payment,1999.00,CNY,2026-03-02T17:00:00+08:00\n"
    "RF-1,refund,239.88,CNY,2026-03-03\n"
    "RF-2,refund,200.00,CNY,2026-03-03T10:00:00Z\n"
    "GHOST-1,payment,5.00,CNY,2026-03-02T12:00:00\n"
)


def test_given_purchases_and_payouts_when_a_settlement_is_imported_then_each_line_has_its_status(
    settings: Settings,
) -> None:
    with finance_world(settings) as fw:
        w, app = fw.clinic, fw.clinic.app
        package, patient = w.publish(), w.patient(proxy_rights=ALL_PROXY_RIGHTS)
        # Given three purchases: two on the file's first day, one long after its last
        first = w.buy(package, patient, payment_ref="MALL-0001")
        second = w.buy(package, patient, payment_ref="MALL-0002")
        # And two refunds before start (approved by the system), paid the next day
        refunds = [uuid4(), uuid4()]
        for refund, sub in zip(refunds, (first, second), strict=True):
            app.request_refund(
                refund, sub, scope=RefundScope("items", {"escort": 1}), reason_code="other",
                reason_text="", requested_amount=None, ctx=w.c(proxy_actor(GRANDSON, patient)),
            )  # fmt: skip
        w.later(1)
        for n, refund in enumerate(refunds, 1):
            app.record_refund_payment(
                refund, paid=True, provider_ref=f"RF-{n}", amount=None, reason="", ctx=w.c(MALL)
            )
        w.later(40)
        w.buy(package, patient, payment_ref="MALL-0003")
        fw.project()

        # When the provider's file is imported
        report_id = import_settlement(fw.engine, SETTLEMENT, FINANCE, now=START)
        report = get_report(fw.engine, report_id)

        # Then each file line is matched, mismatched or unknown; MALL-0002 (in the file's
        # period) is missing at the provider, MALL-0003 (outside it) is not reported
        assert report is not None
        assert (report["id"], report["created_by"], report["line_count"]) == (
            report_id, FINANCE.user_id, 5,
        )  # fmt: skip
        assert (report["period_from"], report["period_to"]) == (
            START.date(),
            START.date() + timedelta(1),
        )
        lines = [
            (ln["provider_ref"], ln["kind"], ln["amount"], ln["our_amount"], ln["status"],
             ln["file_line"])
            for ln in report["lines"]
        ]  # fmt: skip
        assert lines == [
            ("MALL-0001", "payment", 199900, 199900, "matched", 2),
            ("RF-1", "refund", 23988, 23988, "matched", 3),
            ("RF-2", "refund", 20000, 23988, "amount_mismatch", 4),
            ("GHOST-1", "payment", 500, None, "unknown_to_us", 5),
            ("MALL-0002", "payment", 199900, 199900, "missing_at_provider", None),
        ]
        assert report["counts"] == {
            "matched": 2, "amount_mismatch": 1, "missing_at_provider": 1, "unknown_to_us": 1,
        }  # fmt: skip
        assert report["lines"][0]["subscription_id"] == str(first)
        assert report["lines"][2]["refund_id"] == str(refunds[1])
        assert report["lines"][0]["settled_at"] == START.replace(hour=9)

        # And the same file as bytes or as a text stream gives the same lines
        for source in (SETTLEMENT.encode("utf-8-sig"), io.StringIO(SETTLEMENT, newline="")):
            again = get_report(fw.engine, import_settlement(fw.engine, source, FINANCE))
            assert again is not None and again["lines"] == report["lines"]
        assert get_report(fw.engine, uuid4()) is None


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    upgrade(settings)
    read_engine = create_read_engine(settings)
    yield read_engine
    read_engine.dispose()


def _stored(engine: Engine) -> tuple[int, int]:
    with engine.connect() as conn:
        reports = conn.execute(select(func.count()).select_from(fin_reconciliations))
        lines = conn.execute(select(func.count()).select_from(fin_reconciliation_lines))
        return reports.scalar_one(), lines.scalar_one()


GOOD = "A-1,payment,1.00,CNY,2026-03-02\n"
MALFORMED = {
    "empty file": ("", 1, "header"),
    "bad header": ("provider_ref,kind,amount,currency\n" + GOOD, 1, "header"),
    "header in another order": ("kind,provider_ref,amount,currency,settled_at\n", 1, "header"),
    "too few columns": (HEADER + GOOD + "A-2,payment,1.00,CNY\n", 3, "4 columns"),
    "too many columns": (HEADER + "A-2,payment,1.00,CNY,2026-03-02,x\n", 2, "6 columns"),
    "bad kind": (HEADER + GOOD + "A-2,chargeback,1.00,CNY,2026-03-02\n", 3, "kind"),
    "three decimals": (HEADER + "A-2,refund,19.999,CNY,2026-03-02\n", 2, "amount"),
    "negative amount": (HEADER + "A-2,refund,-5.00,CNY,2026-03-02\n", 2, "amount"),
    "not a number": (HEADER + "A-2,refund,abc,CNY,2026-03-02\n", 2, "amount"),
    "bad currency": (HEADER + GOOD + GOOD.replace("A-1", "A-2").replace("CNY", "USD"), 3, "USD"),
    "bad date": (HEADER + "A-2,payment,1.00,CNY,02/03/2026\n", 2, "settled_at"),
    "empty ref": (HEADER + ",payment,1.00,CNY,2026-03-02\n", 2, "provider_ref"),
    "duplicate": (HEADER + GOOD + "A-1,refund,1.00,CNY,2026-03-02\n" + GOOD, 4, "line 2"),
    "after a blank line": (HEADER + "\n" + "A-2,payment,1.0.0,CNY,2026-03-02\n", 3, "amount"),
    "unterminated quote": (HEADER + GOOD + 'A-2,payment,"1.00,CNY,2026-03-02\n', 3, "CSV"),
    "not utf-8": (HEADER.encode() + b"A-\xff,payment,1.00,CNY,2026-03-02\n", 2, "UTF-8"),
}


@pytest.mark.parametrize(("source", "line", "says"), MALFORMED.values(), ids=MALFORMED.keys())
def test_given_a_malformed_settlement_when_imported_then_it_names_the_line_and_stores_nothing(
    engine: Engine, source: str | bytes, line: int, says: str
) -> None:
    # Given one good report already stored
    import_settlement(engine, HEADER + GOOD, FINANCE)
    before = _stored(engine)

    with pytest.raises(SettlementError) as error:
        import_settlement(engine, source, FINANCE)

    assert error.value.line == line
    assert f"line {line}:" in str(error.value) and says in str(error.value)
    assert _stored(engine) == before == (1, 1)


def test_a_settled_at_without_an_offset_is_the_hospital_s_time() -> None:
    source = "provider_ref,kind,amount,currency,settled_at\nP-1,payment,1.00,CNY,2026-03-09T00:30\n"
    [beijing] = parse_settlement(source, ZoneInfo("Asia/Shanghai"))
    [utc] = parse_settlement(source)
    assert beijing.settled_at == datetime(2026, 3, 8, 16, 30, tzinfo=UTC)
    assert utc.settled_at == datetime(2026, 3, 9, 0, 30, tzinfo=UTC)
