"""Every endpoint: 401 without a token, 403 outside its roles or its patients, 404 unknown."""

from __future__ import annotations

import pytest

from tests.api.dsl import Api, is_problem
from tests.api.matrix_cases import Case, cases


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


def test_given_a_patient_outside_the_callers_scope_when_calling_then_403(
    world: tuple[Api, list[Case]],
) -> None:
    api, all_cases = world
    for case in all_cases:
        if case.outsider is not None:
            response = api.call(case.method, case.path, case.outsider, case.body, expect=0)
            assert response.status_code == 403, (case, response.text)
            is_problem(response, 403, "forbidden")


def test_given_an_unknown_id_when_calling_then_404(world: tuple[Api, list[Case]]) -> None:
    api, all_cases = world
    for case in all_cases:
        if case.missing is not None:
            response = api.call(case.method, case.missing, case.allowed, case.body, expect=0)
            assert response.status_code == 404, (case, response.text)
            assert response.headers["content-type"].startswith("application/problem+json")
            assert response.json()["code"].endswith("not_found")
