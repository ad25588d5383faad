"""The only composition root: `create_app(settings)` wires the application into Litestar."""

from __future__ import annotations

import logging
from typing import Any

from litestar import Litestar
from litestar.datastructures import State
from litestar.openapi import OpenAPIConfig
from litestar.types import ControllerRouterHandler

from api.background import ops_state, start_projections, stop_projections
from api.body_limit import body_limit_middleware
from api.controllers.audit import AuditController
from api.controllers.console import ConsoleController
from api.controllers.dashboard import DashboardController, TimelineController
from api.controllers.episodes import EpisodeController
from api.controllers.finance import FinanceController
from api.controllers.finance_figures import FinanceFiguresController
from api.controllers.ops import OpsController
from api.controllers.overview import OverviewController
from api.controllers.packages import PackageController
from api.controllers.patients import PatientController
from api.controllers.redemptions import ReceiptController, RedemptionController
from api.controllers.refund_queue import RefundQueueController
from api.controllers.refunds import RefundController
from api.controllers.session import SessionController
from api.controllers.subscriptions import SubscriptionController
from api.fhir.errors import fhir_aware
from api.fhir.http import fhir_router
from api.guards import DenialHook
from api.idempotency import IdempotencyStore
from api.idempotency_middleware import idempotency_middleware
from api.metrics import metrics_middleware
from api.middleware import correlation_middleware, unit_of_work_middleware
from api.problems import EXCEPTION_HANDLERS
from api.rate_limits import rate_limit_stores, rate_limits
from api.read_models import access_denial_hook, access_log_writer
from api.requests import API_PREFIX
from api.security_headers import security_headers
from api.token_keys import demo_notice, token_keys
from application.app import Carepack
from application.clock import Clock
from application.settings import Settings
from projections.audit.access_group import GroupAppender
from projections.engine import create_read_engine

__all__ = ["API_PREFIX", "CONTROLLERS", "create_app"]
log = logging.getLogger("carepack.api")

# Every controller of the API. Another resource: write its controller (paths under
# API_PREFIX unless it is an operations endpoint) and add it here.
CONTROLLERS: list[ControllerRouterHandler] = [
    PackageController,
    PatientController,
    EpisodeController,
    SubscriptionController,
    ReceiptController,
    RedemptionController,
    RefundController,
    DashboardController,
    RefundQueueController,
    TimelineController,
    AuditController,
    FinanceController,
    FinanceFiguresController,
    OpsController,
    SessionController,
    OverviewController,
]


def create_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    carepack: Carepack | None = None,
    on_denied: list[DenialHook] | None = None,
    debug: bool = False,
) -> Litestar:
    """The Litestar app over one `Carepack` (made from `settings` unless given).

    `app.state` holds `carepack`, `settings`, `read_engine` (SQLAlchemy, read models),
    `idempotency` and `on_denied` (hooks called with every 403, see `api.guards`).
    Raises `api.token_keys.AuthConfigurationError` when no usable token key is configured.
    """
    notice = demo_notice(token_keys(settings))  # before anything opens: refuse early
    if notice is not None:
        log.warning(notice)
    application = carepack or Carepack(settings, clock)
    read_engine = create_read_engine(settings)
    access_log = GroupAppender(read_engine)  # one per process: concurrent reads share commits
    state: dict[str, Any] = {
        "carepack": application,
        "settings": settings,
        "clock": application.clock,
        "read_engine": read_engine,
        "idempotency": IdempotencyStore(read_engine, settings),
        # Every 403 also goes to the hash-chained access log (product §5).
        "on_denied": [access_denial_hook(access_log), *(on_denied or [])],
        # ...and so does every answer showing a patient's data, one transaction a request.
        "access_log": access_log_writer(access_log),
        "on_access": [],
        **ops_state(application, read_engine),
    }

    def close() -> None:
        read_engine.dispose()
        if carepack is None:
            application.close()

    return Litestar(
        route_handlers=[*CONTROLLERS, ConsoleController, fhir_router()],
        state=State(state),
        middleware=[
            metrics_middleware,
            correlation_middleware,
            *rate_limits(settings),  # before anything reads a body or the database
            body_limit_middleware,
            idempotency_middleware,
            unit_of_work_middleware,
        ],
        before_send=[security_headers(settings)],
        stores=rate_limit_stores(),
        request_max_body_size=settings.max_body_bytes,
        exception_handlers=fhir_aware(EXCEPTION_HANDLERS),  # OperationOutcome under /fhir
        openapi_config=OpenAPIConfig(
            title="Carepack API",
            version="1.0.0",
            description="Patient management for an internet hospital (see API.md).",
            path="/schema",
        ),
        on_startup=[start_projections],
        on_shutdown=[stop_projections, close],
        debug=debug,
    )
