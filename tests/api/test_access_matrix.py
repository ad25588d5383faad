"""Every endpoint: 401 without a token, 403 outside its roles or its patients, 404 unknown."""

from __future__ import annotations

from typing import Any

import pytest

from projections.audit.queries import AccessFilter, list_access
from tests.api.dsl import Api, is_problem
from tests.api.matrix_cases import Case, cases


def store_head(api: Api) -> int:
    return int(api.client.app.state.carepack.recorder.max_notification_id() or 0)


def emergencies(api: Api) -> list[dict[str, Any]]:
    engine = api.client.app.state.read_engine
    return list_access(engine, AccessFilter(emergency=True), limit=200)


@pytest.fixture
def world(sapi: Api) -> tuple[Api, list[Case]]:
    patient_id, subscription_id = sapi.active()
    episode_id = sapi.get(f"/patients/{patient_id}", "staff")["episode_ids"][0]
    follow_up = sapi.post(
        f"/episodes/{episode_id}/follow-ups",
        "nurse",
        {"due_on": "2026-03-09", "channel": "phone", "assignee": "s"},
        201,
    )
    refund = sapi.refund(subscription_id, patient_id, {"type": "items", "items": {"band": 1}})
    ids = {
        "patient": patient_id,
        "subscription": subscription_id,
        "episode": episode_id,
        "follow_up": follow_up["follow_up_id"],
        "redemption": sapi.claim(subscription_id),
        "refund": refund["refund_id"],
        "draft": sapi.add_package(),
        "published": sapi.publish_package(),
    }
    return sapi, cases(ids)


def test_given_no_token_when_calling_any_endpoint_then_401(world: tuple[Api, list[Case]]) -> None:
    api, all_cases = world
    for case in all_cases:
        response = api.call(case.method, case.path, None, case.body, expect=0)
        is_problem(response, 401, "unauthenticated")
        assert response.headers["www-authenticate"] == "Bearer"


def test_given_a_role_outside_the_who_column_when_calling_then_403(
    world: tuple[Api, list[Case]],
) -> None:
    api, all_cases = world
    for case in all_cases:
        if case.wrong_role is not None:
            response = api.call(case.method, case.path, case.wrong_role, case.body, expect=0)
            assert response.status_code == 403, (case, response.text)
            is_problem(response, 403, "forbidden")


def test_given_a_patient_outside_the_callers_scope_when_calling_then_403_and_nothing_is_written(
    world: tuple[Api, list[Case]],
) -> None:
    api, all_cases = world
    for case in all_cases:
        if case.outsider is not None:
            head = store_head(api)
            body = case.body if case.outsider_body is None else case.outsider_body
            response = api.call(case.method, case.path, case.outsider, body, expect=0)
            assert response.status_code == 403, (case, response.text)
            # Staff may break the glass (and are told how); a patient or proxy never may.
            staff = case.outsider.startswith("other-dept:")
            body = is_problem(response, 403, "out_of_scope" if staff else "forbidden")
            assert ("X-Access-Reason" in body["detail"]) == staff, body
            assert store_head(api) == head, case


def test_given_staff_outside_the_scope_with_a_reason_when_calling_then_it_is_an_emergency_access(
    world: tuple[Api, list[Case]],
) -> None:
    api, all_cases = world
    breakers = [case for case in all_cases if case.glass_breaker is not None]
    assert len(breakers) >= 25  # every patient-scoped endpoint staff may call
    # Opening an episode brings the patient into the outsiders' scope: do that last.
    breakers.sort(key=lambda case: case.outsider_body is not None)
    for number, case in enumerate(breakers):
        reason = f"emergency {number}: patient unconscious in A&E"
        before = emergencies(api)
        body = case.body if case.outsider_body is None else case.outsider_body
        response = api.call(
            case.method, case.path, case.glass_breaker, body, expect=0,
            **{"X-Access-Reason": reason},
        )  # fmt: skip
        # Past the scope check: the answer is the endpoint's own (a rule may still refuse).
        assert response.status_code < 500, (case, response.text)
        assert response.json().get("code") not in ("out_of_scope", "forbidden"), (
            case,
            response.text,
        )
        (entry,) = emergencies(api)[len(before) :]
        assert (entry["reason"], entry["outcome"]) == (reason, "allowed"), case
        assert entry["resource"].startswith(f"{case.method} /api/v1{case.path.split('?')[0]}")


def test_given_an_unknown_id_when_calling_then_404(world: tuple[Api, list[Case]]) -> None:
    api, all_cases = world
    for case in all_cases:
        if case.missing is not None:
            response = api.call(case.method, case.missing, case.allowed, case.body, expect=0)
            assert response.status_code == 404, (case, response.text)
            assert response.headers["content-type"].startswith("application/problem+json")
            assert response.json()["code"].endswith("not_found")
