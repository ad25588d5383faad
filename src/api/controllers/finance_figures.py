"""Finance's figures for charts: balances per package, series per day and package, and how
long refunds wait at each step (also for the leads and staff who work the refunds)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from litestar import Controller, Response, get
from litestar.params import FromQuery, QueryParameter

from api.guards import allow
from api.params import utc_param
from api.problems import PROBLEMS, ApiProblem
from api.read_models import READ_HEADERS, await_after, read_answer, read_engine, with_money
from api.requests import API_PREFIX, AnyRequest
from api.schemas.finance_figures import PackageBalanceList, RefundWaitsOut, SeriesList
from domain.roles import FINANCE, LEADS, SERVICE_STAFF_ONLY
from projections.finance.series import PACKAGE_MONEY, SERIES_MONEY, package_balances, series
from projections.finance.waits import refund_waits

NAMES = ("finance",)
After = Annotated[int | None, QueryParameter(ge=0, description="Wait for this store position")]
MAX_DAYS = 366  # a series longer than a year is a report, not a chart


class FinanceFiguresController(Controller):
    path = f"{API_PREFIX}/finance"
    tags = ["finance"]
    response_headers = READ_HEADERS

    @get(
        "/packages",
        operation_id="financePackages",
        guards=[allow(FINANCE)],
        responses=PROBLEMS,
        sync_to_thread=True,
    )
    def packages(self, request: AnyRequest, after: After = None) -> Response[PackageBalanceList]:
        """Per package: subscriptions, paid, refunded, committed, still refundable, value
        redeemed and value not yet delivered (deferred revenue), summed."""
        fresh = await_after(request, NAMES, after)
        rows = package_balances(read_engine(request))
        content = {"items": [with_money(row, PACKAGE_MONEY) for row in rows]}
        return read_answer(request, content, NAMES, fresh)

    @get(
        "/series",
        operation_id="financeSeries",
        guards=[allow(FINANCE)],
        responses=PROBLEMS,
        sync_to_thread=True,
    )
    def series(
        self, request: AnyRequest, since: FromQuery[date], until: FromQuery[date],
        after: After = None,
    ) -> Response[SeriesList]:  # fmt: skip
        """Per hospital day and package (both bounds inclusive, at most 366 days):
        purchases, redemptions taken and refunds paid."""
        if until < since or (until - since).days >= MAX_DAYS:
            raise ApiProblem(
                400, "invalid_query", f"until must be on or after since, within {MAX_DAYS} days"
            )
        fresh = await_after(request, NAMES, after)
        rows = series(read_engine(request), since, until)
        content = {"items": [with_money(row, SERIES_MONEY) for row in rows]}
        return read_answer(request, content, NAMES, fresh)

    @get(
        "/refund-waits",
        operation_id="financeRefundWaits",
        guards=[allow(FINANCE, LEADS, SERVICE_STAFF_ONLY)],
        responses=PROBLEMS,
        sync_to_thread=True,
    )
    def refund_waits(
        self, request: AnyRequest,
        since: FromQuery[datetime | None] = None, until: FromQuery[datetime | None] = None,
        after: After = None,
    ) -> Response[RefundWaitsOut]:  # fmt: skip
        """How long refunds requested in [since, until) waited at each step (agree, approve,
        pay): median, 90th percentile and longest, in hours; and how many wait there now.
        Times only, no patient: open to the staff who work refunds."""
        fresh = await_after(request, NAMES, after)
        now = request.app.state.clock.now().astimezone(UTC)
        steps = refund_waits(
            read_engine(request), now, utc_param(since, "since"), utc_param(until, "until")
        )
        return read_answer(request, {"steps": steps}, NAMES, fresh)
