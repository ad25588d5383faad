"""The clinic staff's dashboard: summary, patient list, worklists, packages, timelines."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Annotated, Any, TypeVar
from uuid import UUID

from litestar import Controller, Response, get
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath, FromQuery, PathParameter, QueryParameter

from api.guards import acting_role, allow
from api.pagination import malformed_cursor
from api.problems import PROBLEMS
from api.read_models import (
    READ_HEADERS,
    await_after,
    log_access,
    read_answer,
    reads,
    today,
    with_money,
)
from api.requests import API_PREFIX, AnyRequest, principal
from api.routes import BreakGlass
from api.schemas.constrained import query_text
from api.schemas.read_models import (
    PackageFiguresList,
    PatientPage,
    SummaryOut,
    TimelinePage,
    WorklistPage,
)
from api.scope import check_patient, shown_departments
from domain.roles import PATIENTS, REVIEWERS, STAFF
from projections.dashboard import queries
from projections.dashboard.paging import InvalidCursor
from projections.dashboard.patient_facts import age_on, with_patients

NAMES = ("dashboard",)
T = TypeVar("T")
After = Annotated[int | None, QueryParameter(ge=0, description="Wait for this store position")]
Limit = Annotated[int, QueryParameter(ge=1, le=200)]
Cursor = Annotated[str | None, query_text(500)]
Department = Annotated[str | None, query_text(100)]


def departments(request: AnyRequest, department: str | None) -> list[str] | None:
    """The departments the caller may see (None: all), narrowed to `department` if given."""
    if acting_role(request) == "admin":
        return None if department is None else [department]
    mine = list(principal(request).departments)
    if department is None:
        return mine
    if department not in mine:
        raise PermissionDeniedException(f"{department} is not one of your departments")
    return [department]


def paged(call: Callable[[], T]) -> T:
    """Run a paged query; a cursor or limit it rejects is the client's error."""
    try:
        return call()
    except (InvalidCursor, ValueError) as error:
        raise malformed_cursor(str(error)) from error


class DashboardController(Controller):
    path = f"{API_PREFIX}/dashboard"
    tags = ["dashboard"]
    response_headers = READ_HEADERS

    @get(
        "/summary",
        operation_id="dashboardSummary",
        responses=PROBLEMS,
        guards=[allow(STAFF)],
        sync_to_thread=True,
    )
    def summary(
        self, request: AnyRequest, department: Department = None, after: After = None
    ) -> Response[SummaryOut]:
        """Per department: episodes by stage, risk tiers, VIPs and every worklist's length."""
        fresh = await_after(request, NAMES, after)
        day = today(request)
        found = queries.summary(reads(request), departments(request, department), day)
        content = {"today": day, "departments": [asdict(s) for s in found.values()]}
        return read_answer(request, content, NAMES, fresh)

    @get(
        "/patients",
        operation_id="dashboardPatients",
        responses=PROBLEMS,
        guards=[allow(STAFF)],
        sync_to_thread=True,
    )
    def patients(
        self,
        request: AnyRequest,
        department: Department = None,
        vip: FromQuery[bool | None] = None,
        risk_tier: Annotated[str | None, query_text(50)] = None,
        stage: Annotated[str | None, query_text(50)] = None,
        q: Annotated[str | None, query_text(100)] = None,
        cursor: Cursor = None,
        limit: Limit = 50,
        after: After = None,
    ) -> Response[PatientPage]:
        """The patient list, filterable by department, VIP, risk tier and stage; `q` finds
        patients whose name or phone contains it. Rows carry name, sex, age and phone."""
        fresh = await_after(request, NAMES, after)
        scope, day = departments(request, department), today(request)
        page = paged(lambda: queries.patients(
            reads(request), scope, vip=vip, risk_tier=risk_tier, stage=stage,
            q=q.strip() if q else None, cursor=cursor, limit=limit,
        ))  # fmt: skip
        log_access(request, [row.patient_id for row in page.items])
        items = [{**asdict(row), "age": age_on(row.birth_date, day)} for row in page.items]
        content = {"items": items, "next_cursor": page.next_cursor}
        return read_answer(request, content, NAMES, fresh)

    @get(
        "/worklists/{name:str}",
        operation_id="dashboardWorklist",
        responses=PROBLEMS,
        guards=[allow(STAFF)],
        sync_to_thread=True,
    )
    def worklist(
        self,
        request: AnyRequest,
        name: Annotated[str, PathParameter(max_length=50)],
        department: Department = None,
        cursor: Cursor = None,
        limit: Limit = 50,
        after: After = None,
    ) -> Response[WorklistPage]:
        """One worklist: follow_ups_due, pending_consultations, unconfirmed_redemptions,
        open_refunds, ending_soon, at_risk_without_plan. Every row carries `patient`: name,
        sex, age, masked ID number, and the department's risk tier and VIP flag."""
        if name not in queries.WORKLISTS:
            raise NotFoundException(f"no worklist {name!r}: one of {sorted(queries.WORKLISTS)}")
        fresh = await_after(request, NAMES, after)
        scope, day = departments(request, department), today(request)
        page = paged(lambda: queries.worklist(
            reads(request), name, scope, day, cursor=cursor, limit=limit
        ))  # fmt: skip
        log_access(request, [row.get("patient_id") for row in page.items])
        items = with_patients(reads(request), page.items, day)
        content = {"name": name, "items": items, "next_cursor": page.next_cursor}
        return read_answer(request, content, NAMES, fresh)

    @get(
        "/packages",
        operation_id="dashboardPackages",
        responses=PROBLEMS,
        guards=[allow(STAFF, REVIEWERS)],
        sync_to_thread=True,
    )
    def packages(self, request: AnyRequest, after: After = None) -> Response[PackageFiguresList]:
        """Per package version: recommendations, sales, conversion, redemption and refund rates."""
        fresh = await_after(request, NAMES, after)
        found = queries.packages(reads(request))
        items = [with_money(asdict(figures), ["price"]) for figures in found]
        return read_answer(request, {"items": items}, NAMES, fresh)


class TimelineController(Controller):
    path = f"{API_PREFIX}/patients"
    tags = ["dashboard"]
    response_headers = READ_HEADERS

    @get(
        "/{patient_id:uuid}/timeline",
        operation_id="patientTimeline",
        responses=PROBLEMS,
        guards=[allow(STAFF, PATIENTS)],
        sync_to_thread=True,
        operation_class=BreakGlass,
    )
    def timeline(
        self,
        request: AnyRequest,
        patient_id: FromPath[UUID],
        cursor: Cursor = None,
        limit: Limit = 50,
        after: After = None,
    ) -> Response[TimelinePage]:
        """The patient's history, oldest first (staff in scope, or the patient). Staff see
        their departments' episodes; with `X-Access-Reason`, every department's."""
        check_patient(request, patient_id, whole_record=True)  # writes the access log
        fresh = await_after(request, NAMES, after)
        shown = shown_departments(request)
        page = paged(lambda: queries.timeline(
            reads(request), str(patient_id), departments=shown, cursor=cursor, limit=limit
        ))  # fmt: skip
        content: dict[str, Any] = {
            "patient_id": str(patient_id),
            "items": [asdict(entry) for entry in page.items],
            "next_cursor": page.next_cursor,
        }
        return read_answer(request, content, NAMES, fresh)
