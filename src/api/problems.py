"""The one place errors become RFC 9457 `application/problem+json` answers."""

from __future__ import annotations

import json
import logging
from http import HTTPStatus
from typing import Any

from litestar import Request, Response
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
    PermissionDeniedException,
    ValidationException,
)
from litestar.openapi.datastructures import ResponseSpec
from litestar.types import ExceptionHandlersMap, Send

from api.guards import report_denial
from api.schemas.common import Problem
from application.store import DATABASE_UNAVAILABLE, database_unavailable
from domain.errors import (
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
    PaymentAmountMismatch,
    PriceMismatch,
    VersionMismatch,
)

log = logging.getLogger("carepack.api")

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://carepack.dev/problems/"

_TITLES = {
    400: "Malformed request",
    401: "Unauthenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict with the rules",
    412: "Precondition failed",
    422: "Unprocessable content",
    413: "Content too large",
    429: "Too many requests",
    500: "Internal error",
    503: "Service unavailable",
}
# Seconds a client waits before retrying while the database is unavailable: a restart
# takes a few seconds, and pools reconnect at the next request.
RETRY_AFTER_SECONDS = 2
_HTTP_CODES = {
    400: "malformed_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    412: "version_mismatch",
    413: "request_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
}

# The HTTP status of each kind of domain error; the most specific class listed wins, and an
# error of no listed kind is a conflict with the rules (409).
_DOMAIN_STATUSES: dict[type[DomainError], int] = {
    InvalidInput: 422,
    NotFound: 404,
    VersionMismatch: 412,
    Forbidden: 403,
    PriceMismatch: 422,
    PaymentAmountMismatch: 422,
}


def domain_status(error: DomainError) -> int:
    """The HTTP status a broken rule answers with (409 unless its kind says otherwise)."""
    for kind in type(error).__mro__:
        status = _DOMAIN_STATUSES.get(kind)
        if status is not None:
            return status
    return 409


class ApiProblem(HTTPException):
    """An API-level rule (not the domain's) with its own stable code."""

    def __init__(self, status: int, code: str, detail: str, **extra: Any) -> None:
        super().__init__(detail=detail, status_code=status)
        self.code = code
        self.fields = extra


_RESERVED = frozenset({"type", "title", "status", "detail", "code", "instance"})


def problem(
    status: int,
    code: str,
    detail: str,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> Response[dict[str, Any]]:
    """The problem document; an extra named like a member is kept as `resource_<name>`."""
    body: dict[str, Any] = {
        f"resource_{k}" if k in _RESERVED else k: v for k, v in (extra or {}).items()
    }
    body.update(
        type=PROBLEM_BASE + code,
        title=_TITLES.get(status, "Error"),
        status=status,
        detail=detail,
        code=code,
    )
    return Response(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _plain(value: Any) -> Any:
    """Extras may hold ids or dates: keep the problem body JSON-serialisable."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def on_domain_error(request: Request[Any, Any, Any], error: DomainError) -> Response[Any]:
    extra = _plain(error.extra)
    status = domain_status(error)
    if status == 403:
        report_denial(request, f"{error.code}: {error.detail}")
    return problem(status, error.code, error.detail, extra=extra)


def on_validation(request: Request[Any, Any, Any], error: ValidationException) -> Response[Any]:
    detail = str(error.detail)
    if "decode" in detail.lower() or "malformed" in detail.lower() or "json" in detail.lower():
        return problem(400, "malformed_request", "the request body is not valid JSON")
    return problem(422, "validation_error", detail, extra={"errors": _plain(error.extra or [])})


def on_http(request: Request[Any, Any, Any], error: HTTPException) -> Response[Any]:
    status = error.status_code
    if isinstance(error, ApiProblem):
        return problem(status, error.code, str(error.detail), extra=_plain(error.fields))
    if isinstance(error, NotAuthorizedException) or status == 401:
        return problem(
            401, "unauthenticated", str(error.detail), headers={"WWW-Authenticate": "Bearer"}
        )
    if isinstance(error, PermissionDeniedException) or status == 403:
        report_denial(request, str(error.detail), getattr(error, "patient_id", None))
        # `out_of_scope` (api.scope): the patient or episode is outside the caller's scope.
        code = getattr(error, "code", "forbidden")
        return problem(403, code if isinstance(code, str) else "forbidden", str(error.detail))
    if status >= 500:
        log.error("HTTP %s on %s %s: %s", status, request.method, request.url.path, error.detail)
        return problem(500, "internal_error", "an internal error occurred")
    code = _HTTP_CODES.get(status, "http_error")
    return problem(status, code, str(error.detail))


def on_database_unavailable(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    """The database is down or restarting: 503 and when to retry, never the driver's text
    (it names hosts, users and SQL). The error's class goes to the log."""
    if not database_unavailable(error):
        return on_unexpected(request, error)  # e.g. SQLite's "no such table": a bug
    log.warning(
        "database unavailable on %s %s: %s", request.method, request.url.path, type(error).__name__
    )
    return problem(
        503,
        "service_unavailable",
        "the database is unavailable; retry shortly",
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


async def send_problem(
    send: Send, status: int, code: str, detail: str, headers: dict[str, str] | None = None
) -> None:
    """A problem answer straight from ASGI middleware (before Litestar has a request)."""
    document = {
        "type": PROBLEM_BASE + code,
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "code": code,
    }
    body = json.dumps(document).encode()
    raw = [
        (b"content-type", PROBLEM_JSON.encode()),
        (b"content-length", str(len(body)).encode()),
        *((k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body, "more_body": False})


def on_unexpected(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=error)
    return problem(500, "internal_error", "an internal error occurred; it has been logged")


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    DomainError: on_domain_error,
    ValidationException: on_validation,
    HTTPException: on_http,
    **{kind: on_database_unavailable for kind in DATABASE_UNAVAILABLE},
    Exception: on_unexpected,
}


def _spec(description: str) -> ResponseSpec:
    return ResponseSpec(
        data_container=Problem,
        description=description,
        media_type=PROBLEM_JSON,
        generate_examples=False,
    )


# The problem answers every endpoint may give, for the OpenAPI document.
PROBLEMS: dict[int, ResponseSpec] = {
    400: _spec("Malformed request (unparsable JSON, If-Match, `after` beyond the store's head)"),
    401: _spec("Missing, invalid or expired bearer token"),
    403: _spec("The caller's role or data scope does not allow this"),
    404: _spec("Unknown resource"),
    409: _spec("A rule of the domain forbids this (stable `code`)"),
    412: _spec("If-Match does not match the resource's version"),
    422: _spec("Input the rules reject, a cursor we did not make, or a reused Idempotency-Key"),
    413: _spec("The request body is larger than CAREPACK_MAX_BODY_BYTES"),
    429: _spec("Too many requests from this caller or address: retry after `Retry-After` s"),
    500: _spec("Our fault, logged (never internals); e.g. the access log could not be written"),
    503: _spec("The database is unavailable (restarting): retry after `Retry-After` s"),
}
