"""Errors under `/fhir/` answer an OperationOutcome instead of a problem document.

The API's one mapping of errors to statuses (`api.problems`) still decides the status and
the stable code, and still logs denials; only the body's shape changes.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.types import ExceptionHandlersMap

from api.fhir.bundle import encode, outcome
from api.fhir.http import FHIR_BASE


def _as_outcome(response: Response[Any]) -> Response[Any]:
    body = response.content if isinstance(response.content, dict) else {}
    status = int(response.status_code or 500)
    code = str(body.get("code") or "error")
    detail = str(body.get("detail") or body.get("title") or "error")
    headers = {k: v for k, v in response.headers.items() if k.lower() != "content-type"}
    return Response(
        encode(outcome(status, code, detail)),
        status_code=status,
        media_type="application/fhir+json",
        headers=headers,
    )


def fhir_aware(handlers: ExceptionHandlersMap) -> ExceptionHandlersMap:
    """The same handlers, answering OperationOutcome for requests under `/fhir/R5`."""

    def wrap(handler: Any) -> Any:
        def handle(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
            response: Response[Any] = handler(request, error)
            if request.url.path.startswith(FHIR_BASE):
                return _as_outcome(response)
            return response

        return handle

    return {kind: wrap(handler) for kind, handler in handlers.items()}
