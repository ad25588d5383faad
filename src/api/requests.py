"""What handlers need from a request: the application, the actor, headers in and out."""

from __future__ import annotations

import re
from typing import Any, get_args, get_origin
from uuid import NAMESPACE_URL, UUID, uuid4, uuid5

from litestar import Request, Response
from litestar.types import Scope
from pydantic import BaseModel

from api.auth import Principal, principal_of
from api.guards import acting_role, report_access
from api.problems import ApiProblem
from application.app import Carepack
from application.base import Done
from domain.context import Actor, Ctx
from domain.roles import PATIENT_SIDE

API_PREFIX = "/api/v1"
CORRELATION_KEY = "carepack.correlation_id"
# Set by `api.idempotency_middleware` for a request holding an Idempotency-Key.
COMMAND_SEED_KEY = "carepack.command_seed"
_DRAWN_KEY = "carepack.ids_drawn"
_KEYED_IDS = uuid5(NAMESPACE_URL, "https://carepack/idempotent-command")
_ETAG = re.compile(r'^\s*(?:W/)?"?(\d{1,18})"?\s*$')  # a version: BIGINT at most

AnyRequest = Request[Any, Any, Any]


def carepack(request: AnyRequest) -> Carepack:
    app: Carepack = request.app.state.carepack
    return app


def principal(request: AnyRequest) -> Principal:
    return principal_of(request)


def header(scope: Scope, name: bytes) -> str | None:
    """A request header's value from an ASGI scope, stripped; None when absent or empty."""
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            text: str = value.decode("latin-1").strip()
            return text or None
    return None


def new_id(request: AnyRequest) -> UUID:
    """The id of an aggregate (or entry) a command creates.

    Random, except under an Idempotency-Key: then derived from the key's reservation, so
    every attempt of one keyed request (a retry after its lease lapsed while the first
    still ran, or after the database went down before its answer was stored) creates the
    same id, and the event store refuses to create it twice.
    """
    state = request.scope.get("state", {})
    seed = state.get(COMMAND_SEED_KEY)
    if seed is None:
        return uuid4()
    drawn = state.get(_DRAWN_KEY, 0)
    state[_DRAWN_KEY] = drawn + 1
    return uuid5(_KEYED_IDS, f"{seed}:{drawn}")


def correlation_id(request: AnyRequest) -> str:
    found = request.scope.get("state", {}).get(CORRELATION_KEY)
    return str(found) if found else ""


def actor(request: AnyRequest, patient_id: UUID | None = None) -> Actor:
    """The domain actor: the token's subject in the role the guard chose."""
    role = acting_role(request)
    return Actor(principal(request).sub, role, patient_id if role in PATIENT_SIDE else None)


def ctx(request: AnyRequest, patient_id: UUID | None = None) -> Ctx:
    return carepack(request).ctx(actor(request, patient_id), correlation_id(request))


def if_match(request: AnyRequest) -> int | None:
    """The version an `If-Match: "<version>"` header expects, if any (`*` means any)."""
    raw = request.headers.get("if-match")
    if raw is None or raw.strip() == "*":
        return None
    found = _ETAG.match(raw)
    if found is None:
        raise ApiProblem(400, "malformed_request", 'If-Match must be an ETag like "3"')
    return int(found.group(1))


def check_version(request: AnyRequest, current: int) -> None:
    """For commands the application cannot check itself: compare If-Match to `current`."""
    expected = if_match(request)
    if expected is not None and expected != current:
        raise ApiProblem(
            412,
            "version_mismatch",
            f"the resource is at version {current}, not {expected}",
            current_version=current,
        )


def position_of(request: AnyRequest, done: Done[Any] | None) -> int:
    if done is not None and done.position is not None:
        return done.position
    return carepack(request).recorder.max_notification_id() or 0


def answer(
    request: AnyRequest,
    content: Any,
    done: Done[Any] | None,
    *,
    status: int = 200,
    etag: int | None = None,
    patient_id: UUID | str | None = None,
) -> Response[Any]:
    """A command's answer: its body and the store position of its last event.

    A command that changed nothing (consent already given, a receipt seen before) leaves
    no event to say who saw the record it answers: name its `patient_id` and the access
    log records the answer instead.
    """
    if patient_id is not None and done is not None and done.position is None:
        report_access(request, patient_id)
    headers = {"X-Event-Position": str(position_of(request, done))}
    if etag is not None:
        headers["ETag"] = f'"{etag}"'
    return Response(checked(request, content), status_code=status, headers=headers)


def view(content: Any, version: int, request: AnyRequest) -> Response[Any]:
    """An aggregate GET's answer, with its version as the ETag."""
    return Response(checked(request, content), headers={"ETag": f'"{version}"'})


def checked(request: AnyRequest, content: Any) -> Any:
    """`content`, once it validates against the model its handler declares (`Response[X]`):
    an answer never sends a field its OpenAPI document does not declare (the models forbid
    extra fields), nor misses one it declares required. A mismatch is our bug: 500."""
    model = declared_model(request.scope.get("route_handler"))
    if model is not None:
        model.model_validate(content)
    return content


_declared: dict[int, type[BaseModel] | None] = {}


def declared_model(handler: Any) -> type[BaseModel] | None:
    """The pydantic model of `Response[X]` in the handler's return annotation, if any."""
    if handler is None:
        return None
    key = id(handler)
    if key not in _declared:
        _declared[key] = _model_in(handler.parsed_fn_signature.return_type.annotation)
    return _declared[key]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    for candidate in (annotation, *get_args(annotation)):
        if get_origin(candidate) is Response:
            (inner,) = get_args(candidate)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    return None
