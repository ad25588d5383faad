"""Route decorators with the house defaults: a role guard, problem responses, a thread."""

from __future__ import annotations

from dataclasses import dataclass

from litestar import HttpMethod, route
from litestar.datastructures import ResponseHeader
from litestar.enums import ParamType
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import OpenAPIType, Operation, Schema
from litestar.openapi.spec import Parameter as OpenAPIParameter

from api.guards import allow
from api.problems import PROBLEMS

REASON_DOC = (
    "Break-the-glass: staff reaching a patient or episode outside their data scope state "
    "why (1-500 characters; UTF-8, percent-encoded if the client cannot send it raw). The "
    "access is allowed, written to the access log as an emergency with this reason and "
    "listed for auditors (`GET /audit/access-log?emergency=true`). Without it such a "
    "request is 403 `out_of_scope` and changes nothing. Staff in scope need none; on the "
    "timeline and offers it also shows other departments' episodes (an emergency access too)."
)


EVENT_POSITION = ResponseHeader(
    name="X-Event-Position",
    description="The store position of the command's last event: read models queried with "
    "`after=<it>` include the change.",
    documentation_only=True,
)
ETAG = ResponseHeader(
    name="ETag",
    description='The aggregate\'s version, quoted ("3"): send it back as `If-Match`.',
    documentation_only=True,
)


@dataclass
class BreakGlass(Operation):
    """An operation that honours `X-Access-Reason`, documented as an optional header."""

    def __post_init__(self) -> None:
        header = OpenAPIParameter(
            name="X-Access-Reason",
            param_in=ParamType.HEADER,
            required=False,
            description=REASON_DOC,
            schema=Schema(type=OpenAPIType.STRING, min_length=1, max_length=4500),
            example="Unconscious in A&E, no relative reachable",
        )
        self.parameters = [*(self.parameters or []), header]


def command(
    path: str,
    operation_id: str,
    *roles: frozenset[str],
    status: int = 200,
    method: HttpMethod = HttpMethod.POST,
    break_glass: bool = False,
    answers: dict[int, ResponseSpec] | None = None,
) -> HTTPRouteHandler:
    """A command endpoint: answers `status` (201 when it creates); calls the sync store.
    `break_glass`: it honours `X-Access-Reason` (see `api.scope`); `answers`: other
    successful answers it may give."""
    return route(
        path,
        http_method=method,
        operation_id=operation_id,
        guards=[allow(*roles)],
        status_code=status,
        responses={**PROBLEMS, **(answers or {})},
        response_headers=[EVENT_POSITION, ETAG],
        sync_to_thread=True,
        operation_class=BreakGlass if break_glass else Operation,
    )


def query(
    path: str, operation_id: str, *roles: frozenset[str], break_glass: bool = False
) -> HTTPRouteHandler:
    """A GET endpoint over the application (aggregates, not read models)."""
    return route(
        path,
        http_method=HttpMethod.GET,
        operation_id=operation_id,
        guards=[allow(*roles)],
        responses=PROBLEMS,
        response_headers=[ETAG],
        sync_to_thread=True,
        operation_class=BreakGlass if break_glass else Operation,
    )
