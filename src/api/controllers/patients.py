"""Patients: registration, proxies, consents, and the packages on offer to them."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, HttpMethod, Response
from litestar.params import FromPath, FromQuery, JSONBody

from api.pagination import DEFAULT_LIMIT, page_of
from api.requests import API_PREFIX, AnyRequest, answer, carepack, check_version, ctx, new_id, view
from api.routes import command, query
from api.schemas.constrained import path_text, query_text
from api.schemas.patients import ConsentIn, OffersOut, PatientIn, PatientOut, ProxyIn
from api.scope import check_patient, patient_for, registering_department, shown_departments
from application import views
from application.base import Done
from domain import limits
from domain.roles import PATIENT_SIDE, PATIENTS, STAFF


def _in_scope(request: AnyRequest, patient_id: UUID) -> None:
    """The patient must be in the caller's scope; If-Match is compared to its version."""
    check_patient(request, patient_id)
    check_version(request, views.patient(carepack(request), patient_id).version)


def _answer(request: AnyRequest, done: Done[Any], status: int = 200) -> Response[PatientOut]:
    found = views.patient(carepack(request), done.id)
    return answer(request, found.data, done, status=status, etag=found.version, patient_id=done.id)


class PatientController(Controller):
    path = f"{API_PREFIX}/patients"
    tags = ["patients"]

    @command("/", "registerPatient", STAFF, status=201)
    def register(self, request: AnyRequest, data: JSONBody[PatientIn]) -> Response[PatientOut]:
        """Register a patient in one of the caller's departments: 201, ID number masked."""
        fields = data.model_dump(exclude={"department"})
        department = registering_department(request, data.department)
        done = carepack(request).register_patient(
            new_id(request), **fields, department=department, ctx=ctx(request)
        )
        return _answer(request, done, 201)

    @query("/{patient_id:uuid}", "getPatient", STAFF, PATIENT_SIDE, break_glass=True)
    def get_patient(self, request: AnyRequest, patient_id: FromPath[UUID]) -> Response[PatientOut]:
        """Staff in scope, the patient, or a proxy with `view`; the ID number is masked."""
        check_patient(request, patient_id, "view")
        found = views.patient(carepack(request), patient_id)
        return view(found.data, found.version, request)

    @command(
        "/{patient_id:uuid}/proxies",
        "authoriseProxy",
        STAFF,
        PATIENTS,
        break_glass=True,
    )
    def authorise_proxy(
        self, request: AnyRequest, patient_id: FromPath[UUID], data: JSONBody[ProxyIn]
    ) -> Response[PatientOut]:
        _in_scope(request, patient_id)
        done = carepack(request).authorise_proxy(
            patient_id,
            data.user_id,
            data.relation,
            data.permissions,
            ctx(request, patient_for(request, patient_id)),
        )
        return _answer(request, done)

    @command(
        "/{patient_id:uuid}/proxies/{user_id:str}",
        "revokeProxy",
        STAFF,
        PATIENTS,
        method=HttpMethod.DELETE,
        break_glass=True,
    )
    def revoke_proxy(
        self,
        request: AnyRequest,
        patient_id: FromPath[UUID],
        user_id: Annotated[str, path_text(limits.USER_ID)],
    ) -> Response[PatientOut]:
        _in_scope(request, patient_id)
        done = carepack(request).revoke_proxy(
            patient_id, user_id, ctx(request, patient_for(request, patient_id))
        )
        return _answer(request, done)

    @command("/{patient_id:uuid}/consents", "setConsent", STAFF, PATIENT_SIDE, break_glass=True)
    def consent(
        self, request: AnyRequest, patient_id: FromPath[UUID], data: JSONBody[ConsentIn]
    ) -> Response[PatientOut]:
        """Give or withdraw consent for a purpose."""
        _in_scope(request, patient_id)
        done = carepack(request).set_consent(
            patient_id, data.purpose, data.given, ctx(request, patient_for(request, patient_id))
        )
        return _answer(request, done)

    @query("/{patient_id:uuid}/offers", "listPatientOffers", STAFF, PATIENT_SIDE, break_glass=True)
    def offers(
        self,
        request: AnyRequest,
        patient_id: FromPath[UUID],
        limit: FromQuery[int] = DEFAULT_LIMIT,
        cursor: Annotated[str | None, query_text(500)] = None,
    ) -> OffersOut:
        """Published packages matching the conditions of the patient's open episodes (staff:
        their departments' episodes; with `X-Access-Reason`, every department's)."""
        check_patient(request, patient_id, "view", whole_record=True)
        found = views.offers(carepack(request), patient_id, shown_departments(request))
        return OffersOut.model_validate(page_of(found, cursor, limit))
