"""`/fhir/R5`: metadata, and read and search for each resource type, with the API's roles,
data scope and access log (every patient a FHIR answer shows gets its access-log row)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from litestar import Response, Router, get
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath

from api.fhir import bundle, sources_audit, sources_care, sources_money
from api.fhir.search import Built, Reader, Scope, SearchError, Source, cursor_of, parse, search
from api.guards import acting_role, allow
from api.problems import ApiProblem
from api.read_models import log_access, read_engine
from api.requests import AnyRequest, carepack, principal
from api.scope import check_episode, check_patient, shown_departments
from domain.episode import PatientEpisode
from domain.errors import NotFound
from domain.roles import ANYONE, AUDITORS, FINANCE, PATIENT_SIDE, STAFF, UNSCOPED

FHIR_BASE = "/fhir/R5"
Read = Callable[[AnyRequest, Reader, str], Built]


def _uuid(text: str, kind: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise NotFound(f"no {kind} {text}", kind=kind) from None


def _numbered(text: str, prefix: str, kind: str) -> int:
    digits = text.removeprefix(prefix)
    if not text.startswith(prefix) or not digits.isdigit() or len(digits) > 18:
        raise NotFound(f"no {kind} {text}", kind=kind)
    return int(digits)


def _read_patient(request: AnyRequest, reader: Reader, id_: str) -> Built:
    patient_id = _uuid(id_, "patient")
    check_patient(request, patient_id, "view")
    return sources_care.patient(reader, patient_id)


def _read_episode(request: AnyRequest, reader: Reader, id_: str) -> Built:
    episode_id = _uuid(id_, "episode")
    found = reader.app.load(PatientEpisode, episode_id)
    check_episode(request, found.department, found.patient_id)
    return sources_care.episode(reader, episode_id)


def _read_consent(request: AnyRequest, reader: Reader, id_: str) -> Built:
    patient_id = _uuid(id_[:36], "consent")
    check_patient(request, patient_id, "view")
    for built in sources_care.consents(reader, patient_id):
        if built.resource["id"] == id_:
            return built
    raise NotFound(f"no consent {id_}", kind="consent")


def _read_definition(request: AnyRequest, reader: Reader, id_: str) -> Built:
    return sources_money.definition(reader, _uuid(id_, "package"))


def _read_charge_item(request: AnyRequest, reader: Reader, id_: str) -> Built:
    built = sources_money.charge_item(reader, _uuid(id_, "redemption"))
    check_patient(request, UUID(str(built.patient_id)), "view")
    return built


def _read_reconciliation(request: AnyRequest, reader: Reader, id_: str) -> Built:
    if id_.startswith("refund-"):
        return sources_money.payout(reader, str(_uuid(id_.removeprefix("refund-"), "refund")))
    if id_.startswith("settlement-"):
        return sources_money.reconciliation(reader, id_.removeprefix("settlement-"))
    raise NotFound(f"no payment reconciliation {id_}", kind="payment_reconciliation")


def _read_audit_event(request: AnyRequest, reader: Reader, id_: str) -> Built:
    if id_.startswith("access-"):
        return sources_audit.access(reader, _numbered(id_, "access-", "audit_event"))
    return sources_audit.event(reader, _numbered(id_, "event-", "audit_event"))


@dataclass(frozen=True)
class Kind:
    """One resource type: who may read it (the equivalent API reads' roles), and how."""

    source: Source
    roles: tuple[frozenset[str], ...]
    read: Read


KINDS: list[Kind] = [
    Kind(sources_care.PatientSource(), (STAFF, PATIENT_SIDE), _read_patient),
    Kind(sources_care.EpisodeSource(), (STAFF,), _read_episode),
    Kind(sources_care.ConsentSource(), (STAFF, PATIENT_SIDE), _read_consent),
    Kind(sources_money.DefinitionSource(), (ANYONE,), _read_definition),
    Kind(sources_money.ChargeItemSource(), (STAFF, PATIENT_SIDE, FINANCE), _read_charge_item),
    Kind(sources_money.ReconciliationSource(), (FINANCE,), _read_reconciliation),
    Kind(sources_audit.AuditEventSource(), (AUDITORS,), _read_audit_event),
]


def scope_for(request: AnyRequest) -> Scope:
    """Whose records a search lists: the staff caller's departments (all of them for a
    patient named in `patient=`, once `check_patient` let the caller reach that patient, and
    for an episode only what `shown_departments` allows); the patient side their own."""
    role = acting_role(request)
    if role in PATIENT_SIDE:
        mine = frozenset(str(p) for p in principal(request).patients)
        return Scope(patients=mine, published_only=True)
    if role in UNSCOPED:
        return Scope()
    if "patient" in request.query_params:
        shown = shown_departments(request)
        return Scope(departments=None if shown is None else frozenset(shown))
    return Scope(departments=frozenset(principal(request).departments))


def reader_for(request: AnyRequest, scope: Scope | None = None) -> Reader:
    return Reader(carepack(request), read_engine(request), scope or scope_for(request))


def fhir_response(content: dict[str, Any], status: int = 200) -> Response[bytes]:
    return Response(bundle.encode(content), status_code=status, media_type=bundle.FHIR_JSON)


def _base(request: AnyRequest) -> str:
    return str(request.base_url).rstrip("/") + FHIR_BASE


def _next_url(request: AnyRequest, kind: str, cursor: str) -> str:
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "_cursor"]
    return f"{_base(request)}/{kind}?{urlencode([*kept, ('_cursor', cursor)])}"


def _search_handler(kind: Kind) -> HTTPRouteHandler:
    name = kind.source.resource_type

    def search_type(request: AnyRequest) -> Response[bytes]:
        query = request.query_params
        names = list(dict.fromkeys(k for k, _ in query.multi_items()))
        try:
            params = parse(kind.source, query.getall, names)
            if "patient" in params.values:
                patient_id = UUID(sources_care.reference_id(params.values["patient"]))
                check_patient(request, patient_id, "view", whole_record=True)
            shown, after = search(reader_for(request), kind.source, params)
        except SearchError as error:
            raise ApiProblem(400, "invalid_search", str(error)) from None
        log_access(request, [p for b in shown for p in b.patients])
        next_url = (
            None if after is None else _next_url(request, name, cursor_of(after, params.until))
        )
        now = (
            request.app.state.clock.now()
            if hasattr(request.app.state, "clock")
            else datetime.now(UTC)
        )
        return fhir_response(
            bundle.searchset(_base(request), str(request.url), shown, next_url, now)
        )

    return get(
        f"/{name}", guards=[allow(*kind.roles)], operation_id=f"fhirSearch{name}",
        sync_to_thread=True, include_in_schema=False, name=f"fhir-search-{name}",
    )(search_type)  # fmt: skip


def _read_handler(kind: Kind) -> HTTPRouteHandler:
    name = kind.source.resource_type

    def read(request: AnyRequest, resource_id: FromPath[str]) -> Response[bytes]:
        built = kind.read(request, reader_for(request), resource_id)
        if built.patients:
            log_access(request, built.patients)
        return fhir_response(built.resource)

    return get(
        f"/{name}/{{resource_id:str}}", guards=[allow(*kind.roles)], operation_id=f"fhirRead{name}",
        sync_to_thread=True, include_in_schema=False, name=f"fhir-read-{name}",
    )(read)  # fmt: skip


@get("/metadata", operation_id="fhirMetadata", include_in_schema=False, sync_to_thread=False)
def metadata() -> Response[bytes]:
    """The CapabilityStatement: open, as FHIR servers' `metadata` is."""
    published = datetime(2026, 12, 3, tzinfo=UTC)
    return fhir_response(bundle.capability([k.source for k in KINDS], published, "0.1.0"))


def fhir_router() -> Router:
    handlers: list[Any] = [metadata]
    for kind in KINDS:
        handlers += [_search_handler(kind), _read_handler(kind)]
    return Router(path=FHIR_BASE, route_handlers=handlers)
