"""Data scope: which patients and episodes a caller may reach, on top of the role guards.

Staff reach the patients of their departments (a patient's episodes' departments, or the
registering department before any episode) and the episodes of their departments
(product §5). Beyond that only by breaking the glass: a reason stated in `X-Access-Reason`,
written to the access log as an emergency access before anything is shown or changed.
Without one the answer is 403 `out_of_scope` and nothing is written. Patients and
proxies reach only their own records (403 `forbidden`); a reason changes nothing there.
"""

from __future__ import annotations

import unicodedata
from typing import Any
from urllib.parse import unquote
from uuid import UUID

from litestar.exceptions import PermissionDeniedException

from api.guards import acting_role, report_access
from api.problems import ApiProblem
from api.requests import AnyRequest, carepack, principal
from application import views
from application.views import PatientAccess
from domain.roles import PATIENT_SIDE, STAFF, UNSCOPED

REASON_HEADER = "X-Access-Reason"
MAX_REASON = 500
_CACHE_KEY = "carepack.patient_access"
_GLASS_KEY = "carepack.break_glass"


class OutOfScope(PermissionDeniedException):
    """Outside the caller's data scope: `out_of_scope` for staff, who may break the glass;
    `forbidden` for a patient or proxy reaching someone else's record."""

    def __init__(self, detail: str, patient_id: UUID, code: str = "out_of_scope") -> None:
        super().__init__(detail=detail)
        self.patient_id = patient_id
        self.code = code


def access(request: AnyRequest, patient_id: UUID) -> PatientAccess:
    """The patient's departments and proxies, loaded once per request."""
    cache: dict[UUID, PatientAccess] = request.scope.setdefault("state", {}).setdefault(
        _CACHE_KEY, {}
    )
    if patient_id not in cache:
        cache[patient_id] = views.patient_access(carepack(request), patient_id)
    return cache[patient_id]


def check_patient(
    request: AnyRequest,
    patient_id: UUID,
    permission: str | None = None,
    *,
    whole_record: bool = False,
) -> None:
    """Staff: a patient of their departments, or a stated reason; patient or proxy: their own.

    `permission` is what a proxy must hold for a read; commands leave it to the application.
    A GET, and any break-the-glass access, is written to the access log before the answer.
    `whole_record`: a staff caller in scope who states a reason is shown every department's
    episodes too (`shown_departments`), as an emergency access.
    """
    reason = _reason_needed(request, patient_id, permission, whole_record)
    if reason or request.method == "GET":
        report_access(request, patient_id, reason)


def check_episode(request: AnyRequest, department: str, patient_id: UUID) -> None:
    """Episodes are scoped by their own department, not by the patient's other episodes."""
    role, reason = acting_role(request), ""
    if role in UNSCOPED:
        pass
    elif role in STAFF:
        if department not in principal(request).departments:
            why = f"the episode belongs to {department}, which is not one of your departments"
            reason = _break_glass(request, patient_id, why)
    else:
        raise OutOfScope(f"role {role} has no access to episodes", patient_id, "forbidden")
    if reason or request.method == "GET":
        report_access(request, patient_id, reason)


def shown_departments(request: AnyRequest) -> list[str] | None:
    """Whose episodes' entries a patient-wide answer shows: the staff caller's departments,
    or all (None) for the patient's own side, unscoped roles and a broken glass."""
    role = acting_role(request)
    if role not in STAFF or role in UNSCOPED or request.scope.get("state", {}).get(_GLASS_KEY):
        return None
    return list(principal(request).departments)


def _reason_needed(
    request: AnyRequest, patient_id: UUID, permission: str | None, whole_record: bool
) -> str:
    """'' when the caller may reach the patient; the stated reason when only breaking the
    glass lets them; otherwise raise `OutOfScope`."""
    role = acting_role(request)
    found = access(request, patient_id)  # an unknown patient is 404, whoever asks
    if role in UNSCOPED:
        return ""
    who = principal(request)
    if role in STAFF:
        if found.departments & set(who.departments):
            stated = access_reason(request) if whole_record else None
            return _broken(request, stated) if stated else ""
        return _break_glass(request, patient_id, "the patient is not in your departments' scope")
    if role in PATIENT_SIDE:
        if patient_id not in who.patients:
            raise OutOfScope("you do not act for this patient", patient_id, "forbidden")
        if role == "proxy" and permission and not found.proxy_may(who.sub, permission):
            detail = f"your proxy rights do not include {permission}"
            raise OutOfScope(detail, patient_id, "forbidden")
        return ""
    raise OutOfScope(f"role {role} has no access to patient data", patient_id, "forbidden")


def _break_glass(request: AnyRequest, patient_id: UUID, why: str) -> str:
    stated = access_reason(request)
    if stated is None:
        raise OutOfScope(
            f"{why}; in an emergency, state the reason in the {REASON_HEADER} header",
            patient_id,
        )
    return _broken(request, stated)


def _broken(request: AnyRequest, reason: str) -> str:
    request.scope.setdefault("state", {})[_GLASS_KEY] = True
    return reason


def access_reason(request: AnyRequest) -> str | None:
    """The `X-Access-Reason` header: UTF-8, percent-encoding allowed (a browser must
    percent-encode non-ASCII text); None when absent, 422 when unusable."""
    raw = request.headers.get(REASON_HEADER)
    if raw is None:
        return None
    try:
        text = unquote(raw.encode("latin-1").decode("utf-8"), errors="strict").strip()
    except UnicodeError:
        text = "\x00"  # refused below, with the same answer as any other bad reason
    if not text or len(text) > MAX_REASON or _has_control(text):
        raise ApiProblem(
            422,
            "invalid_access_reason",
            f"{REASON_HEADER} must be 1 to {MAX_REASON} characters of text, "
            "UTF-8 (percent-encoded if need be), without control characters",
        )
    return text


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in text)


def check_department(request: AnyRequest, department: str) -> None:
    """Opening an episode: staff only in their own departments."""
    role = acting_role(request)
    if role == "admin" or department in principal(request).departments:
        return
    raise PermissionDeniedException(f"{department} is not one of your departments")


def registering_department(request: AnyRequest, named: str | None) -> str:
    """The department registering a patient: one of the caller's (admin: any, named)."""
    mine = principal(request).departments
    if named is not None:
        if acting_role(request) != "admin" and named not in mine:
            raise PermissionDeniedException(f"{named} is not one of your departments")
        return named
    if len(mine) == 1 and acting_role(request) != "admin":
        return mine[0]
    raise ApiProblem(
        422,
        "department_required",
        "name the registering department (`department`): your token names "
        + ("several" if mine else "no departments"),
    )


def is_patient_side(request: AnyRequest) -> bool:
    return acting_role(request) in PATIENT_SIDE


def patient_for(request: AnyRequest, patient_id: UUID) -> Any:
    """The patient a patient-side caller acts for (for the domain actor), else None."""
    return patient_id if is_patient_side(request) else None
