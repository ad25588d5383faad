"""Data scope: which patients a caller may touch, on top of the role guards."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar.exceptions import PermissionDeniedException

from api.guards import PATIENT_SIDE, STAFF, acting_role, report_access
from api.requests import AnyRequest, carepack, principal
from application import views
from application.views import PatientAccess

# Roles whose endpoints are not about one patient's care: the guards alone decide.
UNSCOPED = frozenset({"admin", "integration", "finance", "auditor", "catalogue_reviewer"})
_CACHE_KEY = "carepack.patient_access"


class OutOfScope(PermissionDeniedException):
    def __init__(self, detail: str, patient_id: UUID) -> None:
        super().__init__(detail=detail)
        self.patient_id = patient_id


def access(request: AnyRequest, patient_id: UUID) -> PatientAccess:
    """The patient's departments and proxies, loaded once per request."""
    cache: dict[UUID, PatientAccess] = request.scope.setdefault("state", {}).setdefault(
        _CACHE_KEY, {}
    )
    if patient_id not in cache:
        cache[patient_id] = views.patient_access(carepack(request), patient_id)
    return cache[patient_id]


def check_patient(request: AnyRequest, patient_id: UUID, permission: str | None = None) -> None:
    """Staff: an episode in one of their departments (or none yet); patient or proxy: their own.

    `permission` is what a proxy must hold for a read; commands leave it to the application.
    A granted GET is reported to the `on_access` hooks (the access log).
    """
    _check(request, patient_id, permission)
    if request.method == "GET":
        report_access(request, patient_id)


def _check(request: AnyRequest, patient_id: UUID, permission: str | None) -> None:
    role = acting_role(request)
    if role in UNSCOPED:
        return
    who = principal(request)
    found = access(request, patient_id)
    if role in STAFF:
        # A patient with no episode yet is still being registered: any staff may finish it.
        if found.departments and not found.departments & set(who.departments):
            raise OutOfScope("the patient has no episode in your departments", patient_id)
        return
    if role in PATIENT_SIDE:
        if patient_id not in who.patients:
            raise OutOfScope("you do not act for this patient", patient_id)
        if role == "proxy" and permission and not found.proxy_may(who.sub, permission):
            raise OutOfScope(f"your proxy rights do not include {permission}", patient_id)
        return
    raise OutOfScope(f"role {role} has no access to patient data", patient_id)


def check_department(request: AnyRequest, department: str) -> None:
    """Opening an episode: staff only in their own departments."""
    role = acting_role(request)
    if role == "admin" or department in principal(request).departments:
        return
    raise PermissionDeniedException(f"{department} is not one of your departments")


def is_patient_side(request: AnyRequest) -> bool:
    return acting_role(request) in PATIENT_SIDE


def patient_for(request: AnyRequest, patient_id: UUID) -> Any:
    """The patient a patient-side caller acts for (for the domain actor), else None."""
    return patient_id if is_patient_side(request) else None
