"""Operations: liveness, readiness (store, read models, projections' lag) and metrics."""

from __future__ import annotations

import logging
from typing import Any, cast

from litestar import Controller, Response, get
from litestar.openapi.datastructures import ResponseSpec
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel
from sqlalchemy import Engine, text

from api.metrics import Metrics
from api.ops_access import READY, UNAVAILABLE, ReadyBrief, ops_authorised, require_ops_token
from api.problems import PROBLEMS
from api.requests import AnyRequest, carepack
from projections.host import projection_statuses
from projections.registry import PROJECTORS
from projections.status import ProjectionStatus

log = logging.getLogger("carepack.ops")
# More events than this not yet applied and the instance does not take traffic.
READY_MAX_LAG = 1000


class Health(BaseModel):
    status: str


class ProjectionReadiness(BaseModel):
    name: str
    position: int
    head: int
    lag: int
    seconds_behind: float
    # Stuck on an event (or its thread failed): which one is for `projections status`
    # and /metrics; /ready names the projection only, never an error's text.
    failing: bool = False


class Readiness(BaseModel):
    ready: bool
    event_store: bool
    read_models: bool
    projections: list[ProjectionReadiness]
    running_here: bool


def _ping(engine: Engine) -> None:
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))


def _reachable(check: Any, what: str) -> bool:
    try:
        check()
    except Exception as error:  # any failure means "not ready", never a 500
        log.warning("%s unreachable: %s", what, error)
        return False
    return True


def readiness(request: AnyRequest) -> Readiness:
    app, engine = carepack(request), request.app.state.read_engine
    store_ok = _reachable(app.recorder.max_notification_id, "event store")
    read_ok = _reachable(lambda: _ping(engine), "read database")
    host = getattr(request.app.state, "projections", None)
    crashed = set(host.errors()) if host is not None else set()
    found: list[ProjectionReadiness] = []
    if store_ok and read_ok:
        found = [
            ProjectionReadiness(
                name=s.name, position=s.position, head=s.head, lag=s.lag,
                seconds_behind=s.seconds_behind,
                failing=s.failing is not None or s.name in crashed,
            )
            for s in _safe_statuses(app, engine)
        ]  # fmt: skip
    ready = (
        store_ok
        and read_ok
        and len(found) == len(PROJECTORS)
        and all(p.lag <= READY_MAX_LAG and not p.failing for p in found)
    )
    return Readiness(
        ready=ready, event_store=store_ok, read_models=read_ok, projections=found,
        running_here=host is not None and host.running,
    )  # fmt: skip


def _safe_statuses(app: Any, engine: Engine) -> list[ProjectionStatus]:
    try:
        return projection_statuses(app, engine)
    except Exception as error:  # e.g. tables not migrated yet
        log.warning("projection status unavailable: %s", error)
        return []


class OpsController(Controller):
    path = "/"
    tags = ["operations"]

    @get("/health", operation_id="health")
    async def health(self) -> Health:
        """The process is up."""
        return Health(status="ok")

    @get(
        "/ready",
        operation_id="ready",
        sync_to_thread=True,
        responses={
            503: ResponseSpec(
                # A union is a valid container; typed as Any because with attrs installed
                # (fhirpy's aiohttp brings it) Litestar's annotation no longer admits it.
                data_container=cast(Any, Readiness | ReadyBrief),
                description="Not ready",
                generate_examples=False,
            )
        },
    )
    def ready(self, request: AnyRequest) -> Response[Readiness | ReadyBrief]:
        """Event store and read database reachable, projections caught up (else 503). The
        detail only with the bearer CAREPACK_OPS_TOKEN; else one word."""
        found = readiness(request)
        status = 200 if found.ready else 503
        if ops_authorised(request):
            return Response(found, status_code=status)
        return Response(
            ReadyBrief(status=READY if found.ready else UNAVAILABLE), status_code=status
        )

    @get("/metrics", operation_id="metrics", media_type="text/plain", sync_to_thread=True,
         responses={401: PROBLEMS[401]})  # fmt: skip
    def metrics(self, request: AnyRequest) -> Response[bytes]:
        """Prometheus text exposition; needs the bearer CAREPACK_OPS_TOKEN."""
        require_ops_token(request)
        found: Metrics = request.app.state.metrics
        return Response(generate_latest(found.registry), media_type=CONTENT_TYPE_LATEST)
