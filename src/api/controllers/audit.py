"""The compliance audit for auditors: events, verification, state as of, access log, export."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from litestar import Controller, Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, QueryParameter
from litestar.response import Stream

from api.guards import allow
from api.pagination import decode_cursor, encode_cursor, position_in
from api.params import utc_param
from api.problems import PROBLEMS
from api.read_models import (
    READ_HEADERS,
    await_after,
    log_access,
    read_answer,
    read_engine,
    reads,
)
from api.requests import API_PREFIX, AnyRequest, carepack
from api.schemas.audit_verify import VerifyOut
from api.schemas.constrained import query_text
from api.schemas.read_models import AccessPage, AggregateAsOf, AuditPage
from application.views import plain
from domain.money import Money
from domain.patient import Patient, mask_id_number
from domain.refunds import SubscriptionRefunds
from domain.roles import AUDITORS
from projections.audit.as_of import state_as_of
from projections.audit.checkpoint_checks import CheckpointPolicy
from projections.audit.export import export_access_log, export_audit
from projections.audit.queries import (
    AccessFilter,
    AuditFilter,
    access_head,
    audit_patients,
    list_access,
    list_audit_entries,
)
from projections.audit.report import verify_audit
from projections.audit.summary import summarise

NAMES = ("audit",)
When = FromQuery[datetime | None]
After = Annotated[int | None, QueryParameter(ge=0, description="Wait for this store position")]
Limit = Annotated[int, QueryParameter(ge=1, le=200)]
Cursor = Annotated[str | None, query_text(500)]
Text = Annotated[str | None, query_text(200)]
Emergency = Annotated[
    bool | None,
    QueryParameter(description="true: only break-the-glass accesses; false: only the others"),
]
MEDIA = {"jsonl": "application/x-ndjson", "csv": "text/csv"}


def _after(cursor: str | None) -> int:
    return position_in(decode_cursor(cursor), "after")


def _next(rows: list[dict[str, Any]], key: str, limit: int) -> str | None:
    return encode_cursor({"after": int(rows[-1][key])}) if len(rows) == limit else None


def _event_row(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "position": row["position"], "aggregate_id": row["originator_id"],
        "aggregate_type": row["aggregate_type"], "version": row["originator_version"],
        "type": row["event_type"], "occurred_at": row["occurred_at"], "actor": row["actor_id"],
        "actor_role": row["actor_role"], "patient_id": row["patient_id"],
        "correlation_id": row["correlation_id"], "summary": row["summary"], "hash": row["hash"],
    }  # fmt: skip


def _state(aggregate: Any) -> dict[str, Any]:
    """An aggregate's (or event's) attributes as JSON, ID numbers masked even for auditors.
    A subscription adds its balance then (`balance`: paid, committed, refunded, refundable),
    which its attributes hold only as the refunds it is summed from."""
    state: dict[str, Any] = {}
    for name, value in vars(aggregate).items():
        if name.startswith("_"):
            continue
        if name == "id_number" and isinstance(value, str):
            value = mask_id_number(value)
        state[name] = _json(value)
    if isinstance(aggregate, SubscriptionRefunds):
        paid = aggregate.amount_paid
        state["balance"] = {
            name: Money(fen, paid.currency).amount
            for name, fen in (("paid", paid.fen), ("committed", aggregate.committed),
                              ("refunded", aggregate.refunded),
                              ("refundable", aggregate.refundable))
        }  # fmt: skip
    return state


def _patient_of(aggregate: Any) -> UUID | None:
    """The patient an aggregate's state shows: a Patient is one; others may name one."""
    if isinstance(aggregate, Patient):
        return aggregate.id
    found = getattr(aggregate, "patient_id", None)
    return found if isinstance(found, UUID) else None


def _json(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    found = plain(value)
    if isinstance(found, dict):
        return {k: _json(v) for k, v in found.items()}
    if isinstance(found, list):
        return [_json(v) for v in found]
    return found if found is None or isinstance(found, str | int | float | bool) else str(found)


class AuditController(Controller):
    path = f"{API_PREFIX}/audit"
    tags = ["audit"]
    response_headers = READ_HEADERS
    guards = [allow(AUDITORS)]

    @get("/events", operation_id="auditEvents", responses=PROBLEMS, sync_to_thread=True)
    def events(
        self, request: AnyRequest, patient_id: Text = None, actor: Text = None,
        aggregate_id: Text = None, type: Text = None, since: When = None,
        until: When = None, cursor: Cursor = None, limit: Limit = 100,
        after: After = None,
    ) -> Response[AuditPage]:  # fmt: skip
        """Every stored event with its hash, filtered by patient, actor, aggregate, type, time."""
        fresh = await_after(request, NAMES, after)
        found = AuditFilter(patient_id=patient_id, actor_id=actor, originator_id=aggregate_id,
                            event_type=type, since=utc_param(since, "since"),
                            until=utc_param(until, "until"))  # fmt: skip
        rows = list_audit_entries(reads(request), found, after=_after(cursor), limit=limit)
        log_access(
            request, [row["patient_id"] for row in rows if row["patient_id"]] or [patient_id]
        )
        content = {
            "items": [_event_row(r) for r in rows],
            "next_cursor": _next(rows, "position", limit),
        }
        return read_answer(request, content, NAMES, fresh)

    @get("/verify", operation_id="auditVerify", responses=PROBLEMS, sync_to_thread=True)
    def verify(self, request: AnyRequest, after: After = None) -> Response[VerifyOut]:
        """Recompute the audit chain from the stored records and the access log's chain;
        check both against their signed checkpoints; name the first bad position."""
        fresh = await_after(request, NAMES, after)
        policy = CheckpointPolicy.from_settings(request.app.state.settings)
        result = verify_audit(carepack(request), read_engine(request), policy)
        return read_answer(request, dataclasses.asdict(result), NAMES, fresh)

    @get(
        "/aggregates/{aggregate_id:uuid}",
        operation_id="auditAggregateAsOf",
        responses=PROBLEMS,
        sync_to_thread=True,
    )
    def aggregate(
        self, request: AnyRequest, aggregate_id: FromPath[UUID], as_of: When = None
    ) -> Response[AggregateAsOf]:
        """Any aggregate's state as of a moment (default now), with the events it came from."""
        app = carepack(request)
        if not app.exists(aggregate_id):
            raise NotFoundException(f"no aggregate {aggregate_id}")
        moment = utc_param(as_of, "as_of") or datetime.now(UTC)
        found = state_as_of(app, aggregate_id, moment)
        aggregate = found.aggregate
        log_access(request, [_patient_of(aggregate)])
        content = {
            "aggregate_id": str(aggregate_id), "as_of": moment, "existed": aggregate is not None,
            "aggregate_type": type(aggregate).__name__ if aggregate is not None else None,
            "version": getattr(aggregate, "version", None),
            "state": _state(aggregate) if aggregate is not None else None,
            "events": [  # summaries withhold free text; `data` has it, read from the store
                {"version": e.originator_version, "type": type(e).__name__,
                 "occurred_at": e.timestamp, "summary": summarise(e), "data": _state(e)}
                for e in found.events
            ],
        }  # fmt: skip
        return Response(AggregateAsOf.model_validate(content))

    @get("/access-log", operation_id="auditAccessLog", responses=PROBLEMS, sync_to_thread=True)
    def access_log(
        self, request: AnyRequest, patient_id: Text = None, actor: Text = None,
        since: When = None, until: When = None, cursor: Cursor = None,
        limit: Limit = 100, emergency: Emergency = None, after: After = None,
    ) -> Response[AccessPage]:  # fmt: skip
        """Who read which patient's data, when, and whether it was allowed; `emergency=true`
        lists the break-the-glass accesses with the reasons given. `after=` waits for the
        audit read model like the other audit reads, so a page read beside the event list
        reflects the same store position (the log itself is written before each answer)."""
        fresh = await_after(request, NAMES, after)
        found = AccessFilter(patient_id=patient_id, actor=actor, since=utc_param(since, "since"),
                             until=utc_param(until, "until"), emergency=emergency)  # fmt: skip
        rows = list_access(read_engine(request), found, after=_after(cursor), limit=limit)
        # One row for the query, not one per patient listed: listing the log must not grow
        # it by a page each time, or paging through it would never reach the end.
        log_access(request, [patient_id])
        page = {"items": rows, "next_cursor": _next(rows, "seq", limit)}
        return read_answer(request, page, NAMES, fresh)

    @get(
        "/access-log/export",
        operation_id="auditAccessLogExport",
        responses=PROBLEMS,
        sync_to_thread=True,
    )
    def access_log_export(
        self, request: AnyRequest, patient_id: Text = None, actor: Text = None,
        since: When = None, until: When = None, emergency: Emergency = None,
        format: FromQuery[Literal["jsonl", "csv"]] = "csv",
    ) -> Stream:  # fmt: skip
        """The access log as CSV or JSON Lines, streamed, with the list's filters; it ends at
        the entry that records this export (the log grows while it is read)."""
        found = AccessFilter(patient_id=patient_id, actor=actor, since=utc_param(since, "since"),
                             until=utc_param(until, "until"), emergency=emergency)  # fmt: skip
        engine = read_engine(request)
        log_access(request, [patient_id])
        bounded = dataclasses.replace(found, through=access_head(engine))
        return Stream(export_access_log(engine, format, bounded), media_type=MEDIA[format])

    @get("/export", operation_id="auditExport", responses=PROBLEMS, sync_to_thread=True)
    def export(
        self, request: AnyRequest, since: When = None, until: When = None,
        format: FromQuery[Literal["jsonl", "csv"]] = "jsonl",
    ) -> Stream:  # fmt: skip
        """The audit entries as JSON Lines or CSV, streamed."""
        window = AuditFilter(since=utc_param(since, "since"), until=utc_param(until, "until"))
        engine = read_engine(request)
        # Logged before the first byte: the export stops at the last entry logged.
        shown, through = audit_patients(engine, window)
        log_access(request, shown)
        chunks: Iterator[str] = export_audit(
            engine, format, dataclasses.replace(window, through=through)
        )
        return Stream(chunks, media_type=MEDIA[format])
