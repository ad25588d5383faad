"""Role guards (the groups of `domain.roles`), and the one place denials are logged and hooked."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from litestar.connection import ASGIConnection
from litestar.exceptions import PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from api.auth import principal_of

security_log = logging.getLogger("carepack.security")

ROLE_KEY = "carepack.role"

Guard = Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], None]


@dataclass(frozen=True)
class Denial:
    """What a denied request tried: handed to every `on_denied` hook after logging."""

    actor: str
    roles: tuple[str, ...]
    method: str
    path: str
    reason: str
    patient_id: UUID | None = None


DenialHook = Callable[[Denial], None]


@dataclass(frozen=True)
class RoleGuard:
    """A guard letting through callers holding any of `roles`; 401 without a token."""

    roles: frozenset[str]

    def __call__(self, connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        principal = principal_of(connection)
        role = principal.first_of(self.roles)
        if role is None:
            raise PermissionDeniedException(
                f"none of the roles {list(principal.roles)} may do this"
            )
        connection.scope.setdefault("state", {})[ROLE_KEY] = role


def allow(*groups: frozenset[str]) -> Guard:
    """A guard letting through callers holding any role of `groups` (see `domain.roles`)."""
    return RoleGuard(frozenset().union(*groups))


def acting_role(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """The role the guard chose: the first of the principal's roles the endpoint allows."""
    role = connection.scope.get("state", {}).get(ROLE_KEY)
    if not isinstance(role, str):
        raise PermissionDeniedException("this endpoint has no role guard")
    return role


def report_denial(
    connection: ASGIConnection[Any, Any, Any, Any], reason: str, patient_id: UUID | None = None
) -> None:
    """Log a 403 on `carepack.security` and call every hook in `app.state.on_denied`."""
    principal = connection.scope.get("state", {}).get("carepack.principal")
    denial = Denial(
        actor=getattr(principal, "sub", "anonymous"),
        roles=tuple(getattr(principal, "roles", ())),
        method=str(connection.scope.get("method", "")),
        path=connection.scope.get("path", ""),
        reason=reason,
        patient_id=patient_id,
    )
    security_log.warning(
        "denied %s %s to %s %s: %s",
        denial.method,
        denial.path,
        denial.actor,
        list(denial.roles),
        reason,
    )
    hooks: list[DenialHook] = getattr(connection.app.state, "on_denied", [])
    for hook in hooks:
        try:
            hook(denial)
        except Exception:  # a broken hook must not turn a 403 into a 500
            security_log.exception("an on_denied hook failed")


@dataclass(frozen=True)
class Access:
    """An answer showing one patient's data: handed to the access log, then every
    `app.state.on_access` hook. A `reason` marks a break-the-glass (emergency) access."""

    actor: str
    role: str
    patient_id: str | None
    method: str
    path: str
    query: str = ""
    reason: str = ""

    @property
    def emergency(self) -> bool:
        return bool(self.reason)


AccessHook = Callable[[Access], None]
# Writes one request's accesses in one transaction (the hash-chained access log).
AccessWriter = Callable[[Sequence[Access]], None]
_REPORTED = "carepack.reported_patients"


def report_access(
    connection: ASGIConnection[Any, Any, Any, Any], patient_id: UUID | str, reason: str = ""
) -> None:
    """Log that a patient's data is shown (see `report_accesses`)."""
    report_accesses(connection, [patient_id], reason)


def report_accesses(
    connection: ASGIConnection[Any, Any, Any, Any],
    patient_ids: Iterable[UUID | str | None],
    reason: str = "",
) -> None:
    """Log that these patients' data is shown: one batched write to the access log, then
    the hooks. Fail closed: if the log cannot be written the error propagates and the
    answer is not served (product §5). A patient already logged in this request is not
    logged again; `None` stands for an answer that showed no patient."""
    state = connection.scope.setdefault("state", {})
    reported: set[str | None] = state.setdefault(_REPORTED, set())
    fresh = list(dict.fromkeys(None if p is None else str(p) for p in patient_ids))
    fresh = [p for p in fresh if p not in reported]
    if not fresh:
        return
    principal = state.get("carepack.principal")
    accesses = [
        Access(
            actor=getattr(principal, "sub", "anonymous"),
            role=str(state.get(ROLE_KEY, "")),
            patient_id=patient_id,
            method=str(connection.scope.get("method", "")),
            path=str(connection.scope.get("path", "")),
            query=connection.scope.get("query_string", b"").decode("latin-1"),
            reason=reason,
        )
        for patient_id in fresh
    ]
    writer: AccessWriter | None = getattr(connection.app.state, "access_log", None)
    hooks: list[AccessHook] = getattr(connection.app.state, "on_access", [])
    try:
        if writer is not None:
            writer(accesses)
        for access in accesses:
            for hook in hooks:
                hook(access)
    except Exception:
        security_log.exception("the access log could not be written; refusing the answer")
        raise
    reported.update(fresh)
