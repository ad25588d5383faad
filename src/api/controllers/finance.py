"""Finance: refunds ledger (JSON or CSV), balances, daily totals, settlement reconciliation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Annotated, Any, Literal
from uuid import UUID

import anyio.to_thread
from litestar import Controller, Response, get, post
from litestar.datastructures import ResponseHeader
from litestar.exceptions import NotFoundException
from litestar.openapi.spec import OpenAPIMediaType, OpenAPIType, Operation, RequestBody, Schema
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Stream
from sqlalchemy import Engine

from api.guards import allow
from api.pagination import MAX_BIGINT, malformed_cursor
from api.params import utc_param
from api.problems import PROBLEMS, ApiProblem
from api.read_models import (
    READ_HEADERS,
    await_after,
    log_access,
    read_answer,
    read_engine,
    reads,
    with_money,
)
from api.requests import API_PREFIX, AnyRequest, principal
from api.schemas.constrained import query_text
from api.schemas.read_models import BalanceOut, DailyList, FinanceRefundPage, ReconciliationOut
from domain.context import Actor
from domain.roles import FINANCE
from projections.finance import queries
from projections.finance.patients import refund_patients, subscription_patients
from projections.finance.reconcile import import_settlement_at
from projections.finance.report_csv import report_csv
from projections.finance.settlement import SettlementError

NAMES = ("finance",)
When = FromQuery[datetime | None]
Day = FromQuery[date | None]
After = Annotated[int | None, QueryParameter(ge=0, description="Wait for this store position")]
REFUND_MONEY = ("requested_amount", "quoted_amount", "quote_fee", "agreed_amount",
                "approved_amount", "paid_amount")  # fmt: skip
BALANCE_MONEY = ("paid", "refunded", "committed", "awaiting_payout", "refundable",
                 "redeemed_value", "undelivered_value")  # fmt: skip
DAILY_MONEY = ("purchases_amount", "refunds_paid_amount")
LINE_MONEY = ("amount", "provider_amount", "our_amount")
OneId = FromQuery[UUID | None]
MATCHED_POSITION = ResponseHeader(
    name="X-Event-Position",
    description="The store position the finance records this file was matched against had "
    "reached (no event is written): finance reads with `after=<it>` are at least as new.",
    documentation_only=True,
)
SETTLEMENT_EXAMPLE = "provider_ref,kind,amount,currency,settled_at\nMALL-000001,payment,1999.00,CNY,2026-03-02T10:00:00+00:00\n"  # noqa: E501


@dataclass
class CsvBody(Operation):
    """The reconciliation's request body is the provider's CSV, documented here by hand."""

    def __post_init__(self) -> None:
        self.request_body = RequestBody(
            content={"text/csv": OpenAPIMediaType(schema=Schema(type=OpenAPIType.STRING),
                                                  example=SETTLEMENT_EXAMPLE)},
            description="provider_ref,kind,amount,currency,settled_at (kind payment|refund)",
            required=True,
        )  # fmt: skip


def _reconcile(
    engine: Engine, body: bytes, actor: Actor, zone: tzinfo
) -> tuple[dict[str, Any], int]:
    try:
        report_id, position = import_settlement_at(engine, body, actor, zone=zone)
    except SettlementError as error:
        raise ApiProblem(422, "invalid_settlement_file", str(error), line=error.line) from None
    found = queries.get_report(engine, report_id)
    if found is None:
        raise NotFoundException(f"no reconciliation {report_id}")
    return found, position


def _text(value: UUID | None) -> str | None:
    return None if value is None else str(value)


def _position_text(cursor: str) -> bool:
    """The finance list's cursor is a store position in decimal digits (BIGINT at most)."""
    return cursor.isascii() and cursor.isdigit() and int(cursor) <= MAX_BIGINT


def _report(found: dict[str, Any]) -> dict[str, Any]:
    lines = [with_money(line, LINE_MONEY) for line in found["lines"]]
    return {**found, "lines": lines}


class FinanceController(Controller):
    path = f"{API_PREFIX}/finance"
    tags = ["finance"]
    response_headers = READ_HEADERS
    guards = [allow(FINANCE)]

    @get("/refunds", operation_id="financeRefunds", responses=PROBLEMS, sync_to_thread=True)
    def refunds(
        self, request: AnyRequest,
        status: Annotated[str | None, query_text(30)] = None,
        since: When = None, until: When = None,
        subscription_id: OneId = None, patient_id: OneId = None, package_id: OneId = None,
        format: FromQuery[Literal["json", "csv"]] = "json",
        cursor: Annotated[str | None, query_text(500)] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=200)] = 50, after: After = None,
    ) -> Response[FinanceRefundPage] | Stream:  # fmt: skip
        """One row per refund with every amount, each step's time and actor (JSON or CSV);
        filtered by status, request time (since inclusive, until exclusive), subscription,
        patient and package, every given filter applying."""
        fresh = await_after(request, NAMES, after)
        engine = read_engine(request)
        found = queries.RefundFilter(
            status=status, since=utc_param(since, "since"), until=utc_param(until, "until"),
            subscription_id=_text(subscription_id), patient_id=_text(patient_id),
            package_id=_text(package_id),
        )  # fmt: skip
        if cursor is not None and not _position_text(cursor):
            raise malformed_cursor()
        try:
            if format == "csv":
                # Logged before the first byte: the export stops at the last refund logged.
                shown, through = refund_patients(engine, found)
                log_access(request, shown or [found.patient_id])
                chunks = queries.refunds_csv(engine, found, through=through)
                return Stream(chunks, media_type="text/csv")
            page = queries.refunds(reads(request), found, cursor=cursor, limit=limit)
        except ValueError as error:
            raise ApiProblem(400, "invalid_query", str(error)) from error
        subscriptions = [str(row["subscription_id"]) for row in page["items"]]
        log_access(
            request, subscription_patients(reads(request), subscriptions) or [found.patient_id]
        )
        items = [with_money(row, REFUND_MONEY) for row in page["items"]]
        return read_answer(request, {**page, "items": items}, NAMES, fresh)

    @get(
        "/subscriptions/{subscription_id:uuid}/balance",
        operation_id="financeBalance",
        responses=PROBLEMS,
        sync_to_thread=True,
    )
    def balance(
        self, request: AnyRequest, subscription_id: FromPath[UUID], after: After = None
    ) -> Response[BalanceOut]:
        """Paid, refunded, still refundable, value redeemed and value not yet delivered."""
        fresh = await_after(request, NAMES, after)
        found = queries.balance(reads(request), subscription_id)
        if found is None:
            raise NotFoundException(f"no subscription {subscription_id} in the finance records")
        log_access(request, [found.get("patient_id")])
        items = [
            with_money({**i, "currency": found["currency"]}, ["value"]) for i in found["items"]
        ]
        content = {**with_money(found, BALANCE_MONEY), "items": items}
        return read_answer(request, content, NAMES, fresh)

    @get("/daily", operation_id="financeDaily", responses=PROBLEMS, sync_to_thread=True)
    def daily(
        self, request: AnyRequest, since: Day = None, until: Day = None,
        after: After = None,
    ) -> Response[DailyList]:  # fmt: skip
        """Totals per day and payer type (both bounds inclusive)."""
        fresh = await_after(request, NAMES, after)
        rows = queries.daily(reads(request), since, until)
        content = {"items": [with_money(row, DAILY_MONEY) for row in rows]}
        return read_answer(request, content, NAMES, fresh)

    @post(
        "/reconciliations",
        operation_id="financeReconcile",
        responses=PROBLEMS,
        operation_class=CsvBody,
        response_headers=[MATCHED_POSITION],
    )
    async def reconcile(self, request: AnyRequest) -> Response[ReconciliationOut]:
        """Import a settlement CSV; each line matched, amount_mismatch, missing or unknown."""
        body = await request.body()
        actor = Actor(principal(request).sub, "finance")
        zone = request.app.state.settings.zone
        found, position = await anyio.to_thread.run_sync(
            _reconcile, read_engine(request), body, actor, zone
        )
        # No event is written (a report is finance's record, not history): the position is
        # the one the finance records it was matched against had reached (`after=` it).
        return Response(
            ReconciliationOut.model_validate(_report(found)),
            status_code=201,
            headers={"X-Event-Position": str(position)},
        )

    @get(
        "/reconciliations/{report_id:uuid}",
        operation_id="financeReconciliation",
        responses=PROBLEMS,
        sync_to_thread=True,
    )
    def reconciliation(
        self, request: AnyRequest, report_id: FromPath[UUID],
        format: FromQuery[Literal["json", "csv"]] = "json",
    ) -> Response[ReconciliationOut] | Stream:  # fmt: skip
        """A stored reconciliation report with its lines (JSON, or CSV for a spreadsheet)."""
        found = queries.get_report(read_engine(request), report_id)
        if found is None:
            raise NotFoundException(f"no reconciliation {report_id}")
        if format == "csv":
            return Stream(iter([report_csv(found)]), media_type="text/csv")
        return Response(ReconciliationOut.model_validate(_report(found)))
