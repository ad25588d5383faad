"""What every read-model endpoint shares: `after=` waits, the position header, the access log."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any
from uuid import UUID

from litestar import Response
from litestar.datastructures import ResponseHeader
from sqlalchemy import Connection, Engine, func, select

from api.guards import Access, AccessWriter, Denial, report_accesses
from api.problems import ApiProblem
from api.requests import AnyRequest, carepack, checked
from domain.money import Money
from projections.audit.access_group import GroupAppender
from projections.audit.access_log import NewAccess
from projections.read_your_writes import ProjectionTimeout, lagging, wait_for_position
from projections.reading import Db, connected
from projections.schema import projection_positions

log = logging.getLogger("carepack.api")
POSITION_HEADER = "X-Projection-Position"
STALE_HEADER = "X-Projection-Stale"
AFTER_TIMEOUT = 2.0
MAX_POSITION = 2**63 - 1  # store positions are BIGINT
_READS = "carepack.reads"
_POSITIONS = "carepack.read_positions"
# Documented on every read-model controller (the values are set per response).
READ_HEADERS = [
    ResponseHeader(
        name=POSITION_HEADER,
        description="The store position the read model reflects (see `after`).",
        documentation_only=True,
    ),
    ResponseHeader(
        name=STALE_HEADER,
        description="`true` when `after` was not reached within 2 s (the answer may be stale).",
        documentation_only=True,
    ),
]


def read_engine(request: AnyRequest) -> Engine:
    engine: Engine = request.app.state.read_engine
    return engine


def projection_position(db: Db, names: Iterable[str]) -> int:
    """The lowest position the named projections have applied (0 before the first batch)."""
    wanted = sorted(set(names))
    query = select(func.min(projection_positions.c.position), func.count()).where(
        projection_positions.c.name.in_(wanted)
    )
    with connected(db) as conn:
        found, count = conn.execute(query).one()  # one round trip: it is on every read
    return int(found or 0) if count == len(wanted) else 0


def reads(request: AnyRequest) -> Connection:
    """The request's read transaction, begun on first use: every read-model query of one
    answer, and the position `read_answer` reports, see the same committed state, so
    `X-Projection-Position` is exactly the position the rows reflect (REPEATABLE READ,
    read only, on PostgreSQL; one read transaction on SQLite, whose WAL keeps its
    snapshot). Its first statement reads every projection's position, which fixes the
    snapshot (on PostgreSQL in the same round trip as BEGIN). Call `await_after` first: a
    snapshot would never see the wait end."""
    state = request.scope.setdefault("state", {})
    conn: Connection | None = state.get(_READS)
    if conn is None:
        conn = read_engine(request).connect()
        state[_READS] = conn
        state[_POSITIONS] = _begin_reading(conn)
    return conn


_ALL_POSITIONS = "SELECT name, position FROM projection_positions"


def _begin_reading(conn: Connection) -> dict[str, int]:
    driver: Any = conn.connection.driver_connection
    if conn.dialect.name == "postgresql" and hasattr(driver, "pipeline"):
        conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        conn.begin()  # the driver's BEGIN goes in the pipeline with the first read
        with driver.pipeline():
            rows = driver.execute(_ALL_POSITIONS).fetchall()
    else:
        conn.exec_driver_sql("BEGIN")
        rows = conn.exec_driver_sql(_ALL_POSITIONS).all()
    return {str(name): int(position) for name, position in rows}


def _read_position(state: dict[str, Any], names: Iterable[str]) -> int:
    """`projection_position` as read when the request's read transaction began."""
    found: dict[str, int] = state[_POSITIONS]
    wanted = set(names)
    return min((found[n] for n in wanted), default=0) if wanted <= set(found) else 0


def end_reads(scope: Any) -> None:
    """End the request's read transaction, if it has one (it only ever read)."""
    conn: Connection | None = scope.get("state", {}).pop(_READS, None)
    scope.get("state", {}).pop(_POSITIONS, None)
    if conn is not None:
        conn.close()


def await_after(request: AnyRequest, names: Iterable[str], after: int | None) -> bool:
    """Wait up to 2 s for the projections to apply `after`; False if they did not.

    A position the store has not reached yet answers 400 `after_beyond_head` at once:
    no projection can reach it, and waiting would hold a worker for nothing. The head is
    read only when the projections are behind `after`, so a met `after` costs no more."""
    if after is None or after <= 0:
        return True
    wanted, engine = list(names), read_engine(request)
    if after <= MAX_POSITION and not lagging(engine, wanted, after):
        return True
    if after > MAX_POSITION or after > (carepack(request).recorder.max_notification_id() or 0):
        raise ApiProblem(
            400, "after_beyond_head", f"position {after} is beyond the event store's newest"
        )
    try:
        wait_for_position(engine, wanted, after, timeout=AFTER_TIMEOUT)
    except ProjectionTimeout as error:
        log.info("answering from a lagging read model: %s", error)
        return False
    return True


def read_answer(
    request: AnyRequest,
    content: Any,
    names: Iterable[str],
    fresh: bool = True,
    *,
    media_type: str | None = None,
) -> Response[Any]:
    """A read model's answer with the position it reflects (and whether `after` was met)."""
    state = request.scope.get("state", {})
    if _READS in state:
        position = _read_position(state, names)
    else:
        position = projection_position(read_engine(request), names)
    end_reads(request.scope)
    headers = {POSITION_HEADER: str(position)}
    if not fresh:
        headers[STALE_HEADER] = "true"
    if media_type is None:
        return Response(checked(request, content), headers=headers)
    return Response(content, headers=headers, media_type=media_type)


def log_access(request: AnyRequest, patient_ids: Iterable[UUID | str | None]) -> None:
    """Record that an answer shows these patients' data: one access-log row per patient, in
    one transaction (one row without a patient when it shows none). Fail closed."""
    shown = [p for p in patient_ids if p is not None]
    report_accesses(request, shown or [None])


def _resource(access: Access) -> str:
    where = f"{access.method} {access.path}" + (f"?{access.query}" if access.query else "")
    return where[:200]


def access_denial_hook(log: GroupAppender) -> Any:
    """An `on_denied` hook: every 403 goes to the access log too."""

    def hook(denial: Denial) -> None:
        log.append([NewAccess(
            actor=denial.actor,
            role=",".join(denial.roles)[:50] or "none",
            patient_id=None if denial.patient_id is None else str(denial.patient_id),
            resource=f"{denial.method} {denial.path}"[:200],
            outcome="denied",
        )])  # fmt: skip

    return hook


def access_log_writer(log: GroupAppender) -> AccessWriter:
    """The `access_log` writer: one request's accesses, consecutive in the chain and
    committed before the answer goes out (group-committed with concurrent requests')."""

    def write(accesses: Sequence[Access]) -> None:
        entries = [
            NewAccess(
                actor=a.actor,
                role=a.role[:50] or "none",
                patient_id=a.patient_id,
                resource=_resource(a),
                outcome="allowed",
                reason=a.reason,
            )
            for a in accesses
        ]
        log.append(entries)

    return write


def money(fen: int | None, currency: str = "CNY") -> dict[str, str] | None:
    """Fen as the API's money object (None stays None)."""
    if fen is None:
        return None
    return {"amount": Money(int(fen), currency).amount, "currency": currency}


def with_money(row: dict[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """The row with the named fen columns turned into money objects, in its currency."""
    currency = str(row.get("currency") or "CNY")
    return {**row, **{name: money(row.get(name), currency) for name in names if name in row}}


def today(request: AnyRequest) -> date:
    """Today in the hospital's time zone, by the application's clock."""
    moment: datetime = request.app.state.clock.now()
    return moment.astimezone(request.app.state.settings.zone).date()
