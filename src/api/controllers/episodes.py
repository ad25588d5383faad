"""Episodes of care: open, move through stages, screen, plan, observe, follow up."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Response
from litestar.params import FromPath, JSONBody

from api.requests import (
    API_PREFIX,
    AnyRequest,
    answer,
    carepack,
    check_version,
    ctx,
    if_match,
    new_id,
)
from api.requests import view as view_answer
from api.routes import command, query
from api.schemas.patients import (
    CarePlanIn,
    EpisodeIn,
    EpisodeOut,
    FollowUpDoneIn,
    FollowUpDoneOut,
    FollowUpIn,
    ObservationIn,
    RecommendationIn,
    ScreeningIn,
    ScreeningOut,
    StageIn,
)
from api.scope import check_department, check_episode, check_patient
from application import views
from application.base import Done
from domain.nutrition import Nrs2002, PgSga
from domain.roles import CARE_STAFF, CLINICIANS, DOCTORS, STAFF


def _in_scope(request: AnyRequest, episode_id: UUID, *, versioned: bool = True) -> None:
    """The episode must be in the caller's scope (its own department); If-Match by hand."""
    found = views.episode(carepack(request), episode_id)
    check_episode(request, found.department, found.patient_id)
    if versioned:
        check_version(request, found.version)


def _answer(request: AnyRequest, done: Done[Any], status: int = 200, **extra: Any) -> Response[Any]:
    found = views.episode(carepack(request), done.id)
    body, patient_id = {**found.data, **extra}, found.patient_id
    return answer(request, body, done, status=status, etag=found.version, patient_id=patient_id)


class EpisodeController(Controller):
    path = f"{API_PREFIX}/episodes"
    tags = ["episodes"]

    @command("/", "openEpisode", CLINICIANS, status=201, break_glass=True)
    def open_episode(self, request: AnyRequest, data: JSONBody[EpisodeIn]) -> Response[EpisodeOut]:
        """Open an episode in one of the caller's departments for a patient in their scope
        (or, breaking the glass, any patient with `X-Access-Reason`): 201."""
        check_department(request, data.department)
        check_patient(request, data.patient_id)
        done = carepack(request).open_episode(
            new_id(request),
            patient_id=data.patient_id,
            department=data.department,
            condition_code=data.condition.code,
            condition_label=data.condition.label,
            care_team_id=data.care_team_id,
            programme=data.programme,
            ctx=ctx(request),
        )
        return _answer(request, done, 201)

    @query("/{episode_id:uuid}", "getEpisode", STAFF, break_glass=True)
    def get_episode(self, request: AnyRequest, episode_id: FromPath[UUID]) -> Response[EpisodeOut]:
        """Staff of the episode's department (or with `X-Access-Reason`)."""
        found = views.episode(carepack(request), episode_id)
        check_episode(request, found.department, found.patient_id)
        return view_answer(found.data, found.version, request)

    @command("/{episode_id:uuid}/stage", "moveEpisode", CLINICIANS, break_glass=True)
    def stage(
        self, request: AnyRequest, episode_id: FromPath[UUID], data: JSONBody[StageIn]
    ) -> Response[EpisodeOut]:
        """Move to `to`; only the moves of product §2.2 (else 409 invalid_stage_transition)."""
        _in_scope(request, episode_id, versioned=False)
        done = carepack(request).move_episode(
            episode_id,
            data.to,
            ctx(request),
            detail=data.the_detail(),
            doctor_id=data.doctor_id,
            expected_version=if_match(request),
        )
        return _answer(request, done)

    @command("/{episode_id:uuid}/screenings", "recordScreening", CLINICIANS, break_glass=True)
    def screening(
        self, request: AnyRequest, episode_id: FromPath[UUID], data: JSONBody[ScreeningIn]
    ) -> Response[ScreeningOut]:
        """NRS-2002 and/or PG-SGA; the answer carries `risk_tier` and `nrs2002_total`."""
        _in_scope(request, episode_id)
        nrs = Nrs2002(**data.nrs2002.model_dump()) if data.nrs2002 else None
        sga = PgSga(**data.pg_sga.model_dump()) if data.pg_sga else None
        done = carepack(request).record_screening(
            episode_id,
            ctx(request),
            nrs2002=nrs,
            pg_sga=sga,
            override_tier=data.override.tier if data.override else None,
            override_reason=data.override.reason if data.override else "",
        )
        return _answer(request, done, **views.fields(done.outcome))

    @command("/{episode_id:uuid}/care-plan", "setCarePlan", CARE_STAFF, break_glass=True)
    def care_plan(
        self, request: AnyRequest, episode_id: FromPath[UUID], data: JSONBody[CarePlanIn]
    ) -> Response[EpisodeOut]:
        _in_scope(request, episode_id)
        done = carepack(request).set_care_plan(
            episode_id, data.intervention, data.interval_days, data.note, ctx(request)
        )
        return _answer(request, done)

    @command(
        "/{episode_id:uuid}/observations",
        "recordObservation",
        CARE_STAFF,
        status=201,
        break_glass=True,
    )
    def observation(
        self, request: AnyRequest, episode_id: FromPath[UUID], data: JSONBody[ObservationIn]
    ) -> Response[EpisodeOut]:
        """Record an observation (body weight, albumin, HbA1c...): 201."""
        _in_scope(request, episode_id)
        done = carepack(request).record_observation(
            episode_id,
            data.code,
            data.value,
            data.unit,
            data.observed_at,
            data.source,
            ctx(request),
        )
        return _answer(request, done, 201)

    @command(
        "/{episode_id:uuid}/follow-ups",
        "scheduleFollowUp",
        CARE_STAFF,
        status=201,
        break_glass=True,
    )
    def follow_up(
        self, request: AnyRequest, episode_id: FromPath[UUID], data: JSONBody[FollowUpIn]
    ) -> Response[EpisodeOut]:
        """Schedule a follow-up: 201 with its `follow_up_id`."""
        _in_scope(request, episode_id)
        follow_up_id = new_id(request)
        done = carepack(request).schedule_follow_up(
            episode_id, follow_up_id, data.due_on, data.channel, data.assignee, ctx(request)
        )
        return _answer(request, done, 201, follow_up_id=str(follow_up_id))

    @command(
        "/{episode_id:uuid}/follow-ups/{follow_up_id:uuid}/complete",
        "completeFollowUp",
        CARE_STAFF,
        break_glass=True,
    )
    def complete(
        self,
        request: AnyRequest,
        episode_id: FromPath[UUID],
        follow_up_id: FromPath[UUID],
        data: JSONBody[FollowUpDoneIn],
    ) -> Response[FollowUpDoneOut]:
        """Completing a follow-up redeems one `follow_up` unit; the answer says which."""
        _in_scope(request, episode_id)
        done = carepack(request).complete_follow_up(
            episode_id, follow_up_id, data.outcome, ctx(request)
        )
        body = {
            "episode_id": str(episode_id),
            "follow_up_id": str(follow_up_id),
            "status": "completed",
            **views.fields(done.outcome),
        }
        return answer(request, body, done)

    @command("/{episode_id:uuid}/recommendations", "recommendPackage", DOCTORS, break_glass=True)
    def recommend(
        self, request: AnyRequest, episode_id: FromPath[UUID], data: JSONBody[RecommendationIn]
    ) -> Response[EpisodeOut]:
        """A doctor recommends a published package (else 409 package_not_published)."""
        _in_scope(request, episode_id)
        done = carepack(request).recommend_package(episode_id, data.package_id, ctx(request))
        return _answer(request, done)
