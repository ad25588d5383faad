"""Where Patient, EpisodeOfCare and Consent come from: read models list, aggregates answer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import and_, select, union

from api.fhir import care
from api.fhir.codes import EPISODE_STATUS
from api.fhir.search import Built, Key, Params, Reader, SearchError
from application import views
from domain.episode import PatientEpisode
from domain.patient import Patient
from projections.dashboard.tables import dash_episodes, dash_patients, dash_registrations
from projections.schema import audit_entries

STAGE_OF: dict[type[Any], str] = {
    PatientEpisode.Opened: "registered",
    PatientEpisode.ConsultationStarted: "consulting",
    PatientEpisode.Admitted: "admitted",
    PatientEpisode.Discharged: "discharged",
    PatientEpisode.FollowUpStarted: "follow_up",
    PatientEpisode.Closed: "closed",
    PatientEpisode.Cancelled: "cancelled",
}


def reference_id(value: str, kind: str = "Patient") -> str:
    """`Patient/<id>` or a bare id, as FHIR reference parameters allow."""
    found = value.removeprefix(f"{kind}/")
    try:
        return str(UUID(found))
    except ValueError:
        raise SearchError(f"not a {kind} id: {value!r}") from None


def _after(after: Key | None) -> str:
    return str(after[0]) if after else ""


def _rows(reader: Reader, query: Any) -> list[Any]:
    with reader.engine.connect() as conn:
        return list(conn.execute(query))


def _events(reader: Reader, aggregate_id: UUID) -> list[Any]:
    """An aggregate's stored events, decoded, oldest first (dates come from them)."""
    return list(reader.app.repository.event_store.get(aggregate_id))


# --- Patient ---------------------------------------------------------------------------
def patient(reader: Reader, patient_id: UUID) -> Built:
    found = reader.app.load(Patient, patient_id)
    data = views.patient(reader.app, patient_id).data
    return Built(care.patient(data, found.modified_on), str(patient_id))


class PatientSource:
    resource_type = "Patient"
    parameters: dict[str, str] = {}

    def fetch(
        self, reader: Reader, params: Params, after: Key | None, limit: int
    ) -> Sequence[tuple[Key, Any]]:
        scope, start = reader.scope, _after(after)
        if scope.patients is not None:
            return [((p,), p) for p in sorted(scope.patients) if p > start][:limit]
        reg = dash_registrations.c
        query: Any = select(reg.patient_id).where(reg.patient_id > start)
        column: Any = reg.patient_id
        if scope.departments is not None:
            # Patients with an episode in the departments, and those with none yet (whose
            # registering department `build` checks).
            with_episodes = select(dash_patients.c.patient_id).where(
                dash_patients.c.department.in_(sorted(scope.departments)),
                dash_patients.c.patient_id > start,
            )
            without = query.where(reg.patient_id.not_in(select(dash_patients.c.patient_id)))
            both = union(with_episodes, without).subquery()
            query, column = select(both.c.patient_id), both.c.patient_id
        ids = [str(r[0]) for r in _rows(reader, query.order_by(column).limit(limit))]
        return [((p,), p) for p in ids]

    def build(self, reader: Reader, params: Params, item: Any) -> Built | None:
        patient_id = UUID(item)
        if reader.scope.departments is not None:
            access = views.patient_access(reader.app, patient_id)
            if not reader.scope.sees_departments(access.departments):
                return None
        return patient(reader, patient_id)


# --- EpisodeOfCare -----------------------------------------------------------------------
def episode(reader: Reader, episode_id: UUID) -> Built:
    found = reader.app.load(PatientEpisode, episode_id)
    data = views.episode(reader.app, episode_id).data
    changes = [
        care.StageChange(STAGE_OF[kind], e.timestamp)
        for e in _events(reader, episode_id)
        if (kind := type(e)) in STAGE_OF
    ]
    return Built(care.episode_of_care(data, changes, found.modified_on), data["patient_id"])


class EpisodeSource:
    resource_type = "EpisodeOfCare"
    parameters = {"patient": "reference", "status": "token"}

    def fetch(
        self, reader: Reader, params: Params, after: Key | None, limit: int
    ) -> Sequence[tuple[Key, Any]]:
        c = dash_episodes.c
        where = [c.episode_id > _after(after)]
        if reader.scope.departments is not None:
            where.append(c.department.in_(sorted(reader.scope.departments)))
        if "patient" in params.values:
            where.append(c.patient_id == reference_id(params.values["patient"]))
        if "status" in params.values:
            wanted = params.values["status"].split(",")
            where.append(c.stage.in_([s for s, st in EPISODE_STATUS.items() if st in wanted]))
        query = select(c.episode_id).where(and_(*where)).order_by(c.episode_id).limit(limit)
        return [((str(r[0]),), str(r[0])) for r in _rows(reader, query)]

    def build(self, reader: Reader, params: Params, item: Any) -> Built | None:
        return episode(reader, UUID(item))


# --- Consent -----------------------------------------------------------------------------
def consents(reader: Reader, patient_id: UUID) -> list[Built]:
    """The latest decision of each purpose the patient ever gave or withdrew."""
    latest: dict[str, Any] = {}
    for e in _events(reader, patient_id):
        if isinstance(e, Patient.ConsentGiven | Patient.ConsentWithdrawn):
            latest[e.purpose] = e
    return [
        Built(
            care.consent(
                str(patient_id), purpose, isinstance(e, Patient.ConsentGiven), e.timestamp
            ),
            str(patient_id),
        )
        for purpose, e in sorted(latest.items())
    ]


class ConsentSource:
    resource_type = "Consent"
    parameters = {"patient": "reference"}

    def fetch(
        self, reader: Reader, params: Params, after: Key | None, limit: int
    ) -> Sequence[tuple[Key, Any]]:
        c = audit_entries.c
        where = [
            c.aggregate_type == "Patient",
            c.event_type.in_(["ConsentGiven", "ConsentWithdrawn"]),
            c.originator_id >= _after(after),
        ]
        if "patient" in params.values:
            where.append(c.originator_id == reference_id(params.values["patient"]))
        query = select(c.originator_id).where(*where).distinct().order_by(c.originator_id)
        found: list[tuple[Key, Any]] = []
        for (patient_id,) in _rows(reader, query.limit(limit)):
            if not reader.scope.sees_patient(str(patient_id)):
                continue
            for built in consents(reader, UUID(str(patient_id))):
                key = (str(patient_id), built.resource["id"])
                if after is None or key > after:
                    found.append((key, built))
        return found

    def build(self, reader: Reader, params: Params, item: Any) -> Built | None:
        if reader.scope.departments is not None and item.patient_id is not None:
            access = views.patient_access(reader.app, UUID(item.patient_id))
            if not reader.scope.sees_departments(access.departments):
                return None
        built: Built = item
        return built
