"""A patient's chart in one answer: details, episodes with their allowed moves, and
subscriptions with entitlement balances (the console never makes one call per episode)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from litestar import Controller, Response
from litestar.params import FromPath

from api.requests import API_PREFIX, AnyRequest, carepack, view
from api.routes import query
from api.schemas.common import Answer, MoneyModel
from api.schemas.patients import EpisodeOut, PatientOut
from api.schemas.subscriptions import EntitlementLine
from api.scope import check_patient, shown_departments
from application import views
from domain.roles import STAFF


class SubscriptionBalance(Answer):
    id: str
    package_id: str
    patient_id: str
    status: str
    amount_paid: MoneyModel
    payer_type: str
    starts_on: date | None
    ends_on: date | None
    purchased_at: datetime
    package_version: int
    package_code: str
    package_name: str
    version: int
    entitlements: list[EntitlementLine]


class VersionedEpisode(EpisodeOut):
    version: int


class OverviewOut(Answer):
    patient: PatientOut
    patient_version: int
    episodes: list[VersionedEpisode]
    # Episodes of other departments, not shown (break the glass to see them).
    hidden_episodes: int
    subscriptions: list[SubscriptionBalance]


def _subscription(request: AnyRequest, subscription_id: str) -> dict[str, Any]:
    app = carepack(request)
    found = views.subscription(app, UUID(subscription_id))
    terms = found.data.get("terms") or {}
    lines = views.entitlements(app, UUID(subscription_id))["items"]
    keep = ("id", "package_id", "patient_id", "status", "amount_paid", "payer_type",
            "starts_on", "ends_on", "purchased_at", "package_version")  # fmt: skip
    return {
        **{key: found.data.get(key) for key in keep},
        "package_code": terms.get("code", ""),
        "package_name": terms.get("name", ""),
        "version": found.version,
        "entitlements": lines,
    }


class OverviewController(Controller):
    path = f"{API_PREFIX}/patients"
    tags = ["patients"]

    @query("/{patient_id:uuid}/overview", "patientOverview", STAFF, break_glass=True)
    def overview(self, request: AnyRequest, patient_id: FromPath[UUID]) -> Response[OverviewOut]:
        """Staff in scope: the patient (ID masked), their episodes in the caller's departments
        (every department's with `X-Access-Reason`) with `allowed_moves` and versions for
        If-Match, and every subscription with its entitlement balances."""
        check_patient(request, patient_id, whole_record=True)  # writes the access log
        app = carepack(request)
        patient = views.patient(app, patient_id)
        shown = shown_departments(request)
        episodes = [views.episode(app, UUID(e)) for e in patient.data["episode_ids"]]
        visible = [e for e in episodes if shown is None or e.department in shown]
        content: dict[str, Any] = {
            "patient": patient.data,
            "patient_version": patient.version,
            "episodes": [{**e.data, "version": e.version} for e in visible],
            "hidden_episodes": len(episodes) - len(visible),
            "subscriptions": [_subscription(request, s) for s in patient.data["subscription_ids"]],
        }
        return view(content, patient.version, request)  # ETag: the patient's version
