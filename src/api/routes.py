"""Route decorators with the house defaults: a role guard, problem responses, a thread."""

from __future__ import annotations

from litestar import HttpMethod, route
from litestar.handlers import HTTPRouteHandler

from api.guards import allow
from api.problems import PROBLEMS


def command(
    path: str,
    operation_id: str,
    *roles: frozenset[str],
    status: int = 200,
    method: HttpMethod = HttpMethod.POST,
) -> HTTPRouteHandler:
    """A command endpoint: answers `status` (201 when it creates); calls the sync store."""
    return route(
        path,
        http_method=method,
        operation_id=operation_id,
        guards=[allow(*roles)],
        status_code=status,
        responses=PROBLEMS,
        sync_to_thread=True,
    )


def query(path: str, operation_id: str, *roles: frozenset[str]) -> HTTPRouteHandler:
    """A GET endpoint over the application (aggregates, not read models)."""
    return route(
        path,
        http_method=HttpMethod.GET,
        operation_id=operation_id,
        guards=[allow(*roles)],
        responses=PROBLEMS,
        sync_to_thread=True,
    )
