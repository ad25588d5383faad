"""The refunds queue of service staff and leads: refunds in their departments by stage."""

from __future__ import annotations

from typing import Annotated, Literal

from litestar import Controller, Response, get
from litestar.params import QueryParameter

from api.controllers.dashboard import After, Cursor, Department, Limit, departments, paged
from api.guards import allow
from api.problems import PROBLEMS
from api.read_models import (
    READ_HEADERS,
    await_after,
    log_access,
    read_answer,
    read_engine,
    with_money,
)
from api.read_models import today as hospital_today
from api.requests import API_PREFIX, AnyRequest
from api.schemas.refund_queue import RefundQueuePage
from domain.roles import STAFF
from projections.dashboard.patient_facts import with_patients
from projections.dashboard.refund_queue import refund_queue, stage_counts

NAMES = ("dashboard",)
Stage = Literal[
    "requested", "agreed", "awaiting_finance", "approved", "paid", "rejected", "withdrawn"
]
_MONEY = ("quote", "agreed", "approved", "paid")


class RefundQueueController(Controller):
    path = f"{API_PREFIX}/dashboard"
    tags = ["dashboard"]
    response_headers = READ_HEADERS

    @get(
        "/refunds",
        operation_id="dashboardRefunds",
        responses=PROBLEMS,
        guards=[allow(STAFF)],
        sync_to_thread=True,
    )
    def refunds(
        self,
        request: AnyRequest,
        stage: Annotated[Stage | None, QueryParameter()] = None,
        department: Department = None,
        cursor: Cursor = None,
        limit: Limit = 50,
        after: After = None,
    ) -> Response[RefundQueuePage]:
        """Refunds of the caller's departments (or `department`), oldest request first, at
        one `stage` or all, with the patient and package on each row (one call per page),
        and how many refunds wait at each stage (`counts`)."""
        fresh = await_after(request, NAMES, after)
        scope, engine = departments(request, department), read_engine(request)
        page = paged(lambda: refund_queue(engine, scope, stage, cursor=cursor, limit=limit))
        log_access(request, [row["patient_id"] for row in page.items])
        rows = with_patients(engine, page.items, hospital_today(request))
        content = {
            "items": [with_money(row, _MONEY) for row in rows],
            "next_cursor": page.next_cursor,
            "counts": stage_counts(engine, scope),
        }
        return read_answer(request, content, NAMES, fresh)
