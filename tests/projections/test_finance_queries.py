"""Finance refund listing: cursor paging, status and time filters, the streamed CSV export."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

from application.settings import Settings
from domain.quote import RefundScope
from projections.finance import queries
from projections.finance.export import COLUMNS
from projections.finance.queries import RefundFilter
from tests.clinic import ALL_PROXY_RIGHTS
from tests.fixtures import MALL, STAFF
from tests.projections.finance_world import at_day, finance_world, story


def test_given_refunds_when_listed_then_they_page_filter_and_export(settings: Settings) -> None:
    with finance_world(settings) as fw:
        _, _, other, refund, _ = story(fw)
        w = fw.clinic
        w.later(1)
        w.app.record_refund_payment(
            refund, paid=True, provider_ref="RF-1", amount=None, reason="", ctx=w.c(MALL)
        )
        second = uuid4()
        w.app.request_refund(
            second, other, scope=RefundScope("goodwill"), reason_code="other",
            reason_text="", requested_amount=None, ctx=w.c(STAFF),
        )  # fmt: skip
        fw.project()

        # Then the list pages in request order with a cursor
        first_page = queries.refunds(fw.engine, limit=1)
        assert [r["refund_id"] for r in first_page["items"]] == [str(refund)]
        rest = queries.refunds(fw.engine, limit=1, cursor=first_page["next_cursor"])
        assert [r["refund_id"] for r in rest["items"]] == [str(second)]
        assert rest["next_cursor"] is None
        # And filters by status and by request time (since inclusive, until exclusive)
        paid = queries.refunds(fw.engine, RefundFilter(status="paid"))["items"]
        assert [r["refund_id"] for r in paid] == [str(refund)]
        assert queries.refunds(fw.engine, RefundFilter(since=at_day(11)))["items"][0][
            "refund_id"
        ] == str(second)
        assert queries.refunds(fw.engine, RefundFilter(until=at_day(10)))["items"] == []
        # And the CSV export streams a stable header, then formatted rows
        chunks = list(queries.refunds_csv(fw.engine))
        assert chunks[0] == ",".join(COLUMNS) + "\r\n"
        assert len(chunks) == 3
        first = dict(zip(COLUMNS, chunks[1].rstrip("\r\n").split(","), strict=True))
        assert (first["refund_id"], first["paid_amount"], first["provider_ref"]) == (
            str(refund), "239.88", "RF-1",
        )  # fmt: skip
        assert first["paid_at"] == at_day(11).isoformat() and first["requested_amount"] == ""
        assert [
            c for c in queries.refunds_csv(fw.engine, RefundFilter(status="withdrawn"))
        ] == chunks[:1]
        assert queries.refund(fw.engine, uuid4()) is None
        assert datetime.fromisoformat(first["requested_at"]).tzinfo == UTC


def test_given_refunds_of_two_patients_when_filtered_then_only_theirs_are_listed(
    settings: Settings,
) -> None:
    with finance_world(settings) as fw:
        patient, sub, other, refund, package = story(fw)
        w = fw.clinic
        stranger = w.patient(proxy_rights=ALL_PROXY_RIGHTS)
        theirs = w.buy(package, stranger, payment_ref="MALL-0009")
        w.activate(theirs, stranger)
        goodwill = uuid4()
        w.app.request_refund(
            goodwill, theirs, scope=RefundScope("goodwill"), reason_code="other",
            reason_text="", requested_amount=None, ctx=w.c(STAFF),
        )  # fmt: skip
        fw.project()

        def ids(f: RefundFilter) -> list[str]:
            return [r["refund_id"] for r in queries.refunds(fw.engine, f)["items"]]

        # Then the subscription, the patient and the package each narrow the list
        assert ids(RefundFilter()) == [str(refund), str(goodwill)]
        assert ids(RefundFilter(subscription_id=str(sub))) == [str(refund)]
        assert ids(RefundFilter(subscription_id=str(other))) == []
        assert ids(RefundFilter(patient_id=str(patient))) == [str(refund)]
        assert ids(RefundFilter(patient_id=str(stranger))) == [str(goodwill)]
        assert ids(RefundFilter(package_id=str(package))) == [str(refund), str(goodwill)]
        assert ids(RefundFilter(package_id=str(uuid4()))) == []
        # And filters combine
        assert ids(RefundFilter(patient_id=str(stranger), status="payment_failed")) == []
        csv = list(queries.refunds_csv(fw.engine, RefundFilter(patient_id=str(patient))))
        assert len(csv) == 2 and str(refund) in csv[1]
