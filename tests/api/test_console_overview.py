"""The patient chart in one call: details, episodes with allowed moves, balances."""

from __future__ import annotations

from tests.api.dsl import Api, is_problem


def test_given_an_active_subscription_then_the_overview_shows_episodes_moves_and_balances(
    api: Api,
) -> None:
    patient_id, subscription_id = api.active()
    answer = api.call("GET", f"/patients/{patient_id}/overview", "nurse")
    body = answer.json()

    assert body["patient"]["id"] == patient_id and body["patient"]["name"] == "王秀英"
    assert body["patient"]["id_number"].endswith("1234") and "110101" not in answer.text
    assert answer.headers["etag"] == f'"{body["patient_version"]}"'
    (episode,) = body["episodes"]
    assert episode["stage"] == "registered"
    assert episode["allowed_moves"] == ["consulting", "cancelled"]
    assert body["hidden_episodes"] == 0
    (subscription,) = body["subscriptions"]
    assert subscription["id"] == subscription_id and subscription["status"] == "active"
    assert subscription["amount_paid"] == {"amount": "1999.00", "currency": "CNY"}
    lines = {line["code"]: line for line in subscription["entitlements"]}
    assert lines["follow_up"]["remaining"] == lines["follow_up"]["granted"] > 0


def test_given_a_stage_move_then_the_episode_answer_offers_the_next_moves(api: Api) -> None:
    patient_id = api.patient()
    episode_id = api.get(f"/patients/{patient_id}", "nurse")["episode_ids"][0]
    moved = api.post(
        f"/episodes/{episode_id}/stage", "doctor", {"to": "consulting", "detail": "free"}
    )
    assert moved["allowed_moves"] == ["admitted", "follow_up", "closed", "cancelled"]
    closed = api.post(
        f"/episodes/{episode_id}/stage", "doctor", {"to": "closed", "outcome": "stable"}
    )
    assert closed["allowed_moves"] == []


def test_given_another_department_then_overview_is_out_of_scope_unless_the_glass_is_broken(
    api: Api,
) -> None:
    patient_id = api.patient()
    path = f"/patients/{patient_id}/overview"
    refused = api.call("GET", path, "other-dept:nurse", expect=0)
    is_problem(refused, 403, "out_of_scope")
    broken = api.call("GET", path, "other-dept:nurse", **{"X-Access-Reason": "night shift"})
    assert len(broken.json()["episodes"]) == 1
