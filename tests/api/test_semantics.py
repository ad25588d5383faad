"""HTTP semantics: idempotency keys, ETags and If-Match, positions, correlation, problems."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.api.dsl import PACKAGE, Api, is_problem


def test_given_an_idempotency_key_when_the_same_post_repeats_then_it_is_replayed(
    api: Api,
) -> None:
    """Stored in the read-model database: on SQLite and PostgreSQL."""
    key = {"Idempotency-Key": "draft-1"}
    first = api.call("POST", "/packages", "nurse", PACKAGE, 201, **key)
    again = api.call("POST", "/packages", "nurse", PACKAGE, 201, **key)
    assert again.json() == first.json()
    assert again.headers["x-event-position"] == first.headers["x-event-position"]
    assert again.headers["idempotent-replayed"] == "true"
    assert len(api.get("/packages", "nurse")["items"]) == 1
    other = api.call("POST", "/packages", "nurse", {**PACKAGE, "name": "x"}, 0, **key)
    is_problem(other, 422, "idempotency_key_reused")
    # Keys are per caller: another user's same key is a new request.
    api.call("POST", "/packages", "doctor", PACKAGE, 201, **key)
    assert len(api.get("/packages", "nurse")["items"]) == 2


def test_given_a_failed_post_when_retried_with_its_key_then_it_runs_again(sapi: Api) -> None:
    key = {"Idempotency-Key": "k-2"}
    is_problem(
        sapi.call("POST", "/packages", "nurse", {**PACKAGE, "items": []}, 0, **key),
        422,
        "validation_error",
    )
    sapi.call("POST", "/packages", "nurse", {**PACKAGE, "items": []}, 422, **key)


def test_given_a_stale_if_match_when_commanding_then_412(sapi: Api) -> None:
    package_id = sapi.add_package()
    etag = sapi.call("GET", f"/packages/{package_id}", "nurse").headers["etag"]
    sapi.call("PUT", f"/packages/{package_id}", "nurse", PACKAGE, 200, **{"If-Match": etag})
    stale = sapi.call(
        "POST", f"/packages/{package_id}/submit", "nurse", None, 0, **{"If-Match": etag}
    )
    is_problem(stale, 412, "version_mismatch")
    bad = sapi.call(
        "POST", f"/packages/{package_id}/submit", "nurse", None, 0, **{"If-Match": "yesterday"}
    )
    is_problem(bad, 400, "malformed_request")


def test_given_if_match_on_a_subscription_command_then_the_api_checks_it(sapi: Api) -> None:
    patient_id = sapi.patient()
    subscription_id = sapi.buy(sapi.publish_package(), patient_id)
    path = f"/subscriptions/{subscription_id}"
    etag = sapi.call("GET", path, "staff").headers["etag"]
    stale = sapi.call(
        "POST", f"{path}/consultation", "doctor", {"suitable": True}, 0, **{"If-Match": '"99"'}
    )
    is_problem(stale, 412, "version_mismatch")
    sapi.call(
        "POST", f"{path}/consultation", "doctor", {"suitable": True}, 200, **{"If-Match": etag}
    )


def test_given_commands_then_each_answers_its_event_position(sapi: Api) -> None:
    package_id = sapi.add_package()
    first = sapi.call("POST", f"/packages/{package_id}/submit", "nurse")
    second = sapi.call("POST", f"/packages/{package_id}/approve", "reviewer")
    assert int(second.headers["x-event-position"]) > int(first.headers["x-event-position"])


def test_given_a_correlation_id_then_it_is_echoed_and_one_is_made_otherwise(sapi: Api) -> None:
    given = sapi.call("GET", "/packages", "nurse", None, 200, **{"X-Correlation-Id": "req-42"})
    assert given.headers["x-correlation-id"] == "req-42"
    assert len(sapi.call("GET", "/packages", None, expect=401).headers["x-correlation-id"]) == 36


def test_given_bad_input_then_400_or_422_never_500(sapi: Api) -> None:
    response = sapi.client.post(
        "/api/v1/packages",
        content=b'{"code": ',
        headers={**sapi.headers("nurse"), "content-type": "application/json"},
    )
    is_problem(response, 400, "malformed_request")
    wrong = sapi.call("POST", "/packages", "nurse", {"code": 3}, 0)
    assert is_problem(wrong, 422, "validation_error")["errors"]
    is_problem(sapi.call("GET", "/packages/not-a-uuid", "nurse", expect=0), 404, "not_found")


def test_given_an_unexpected_error_then_500_internal_error(
    sapi: Api, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def boom(*_: Any, **__: Any) -> None:
        raise RuntimeError("disk on fire")

    carepack = sapi.client.app.state.carepack
    monkeypatch.setattr(carepack, "draft_package", boom)
    response = sapi.call("POST", "/packages", "nurse", PACKAGE, 0)
    assert "disk on fire" not in is_problem(response, 500, "internal_error")["detail"]
    assert "disk on fire" in caplog.text


def test_given_the_schema_then_every_route_has_an_operation_id(sapi: Api) -> None:
    document = sapi.client.get("/schema/openapi.json").json()
    operations = [op for path in document["paths"].values() for op in path.values()]
    assert all(op.get("operationId") for op in operations)
    assert "/api/v1/subscriptions/{subscription_id}/refunds" in document["paths"]


def test_given_an_overlong_idempotency_key_then_422(sapi: Api) -> None:
    key = {"Idempotency-Key": "k" * 201}
    is_problem(sapi.call("POST", "/packages", "nurse", PACKAGE, 0, **key), 422, "validation_error")


def test_given_a_key_whose_request_is_still_running_then_409_and_nothing_runs(sapi: Api) -> None:
    # Given the same key held by a request that has not finished (reserved, no answer yet)
    store = sapi.client.app.state.idempotency
    nurse_sub = "nurse-li"
    from api.idempotency import request_hash

    body = json.dumps(PACKAGE).encode()
    held = store.reserve("k-3", nurse_sub, request_hash("POST", "/api/v1/packages", body))
    assert held is not None
    # When the duplicate arrives, it does not run: 409 until the first one answers
    duplicate = sapi.client.post(
        "/api/v1/packages",
        content=body,
        headers={
            **sapi.headers("nurse", **{"Idempotency-Key": "k-3"}),
            "content-type": "application/json",
        },
    )
    is_problem(duplicate, 409, "idempotency_key_in_progress")
    assert sapi.get("/packages", "nurse")["items"] == []
    # And a request that fails releases its key, so it can be retried
    store.release(held)
    sapi.call("POST", "/packages", "nurse", PACKAGE, 201, **{"Idempotency-Key": "k-3"})


def test_one_request_reads_each_aggregate_from_the_store_once(
    sapi: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The scope check, the command and the answer share one unit of work. Counted at the
    store: a load replays an aggregate whole or fast-forwards it from the aggregate cache,
    one query either way."""
    patient_id, subscription_id = sapi.active()
    carepack = sapi.client.app.state.carepack
    reads: list[str] = []
    select = carepack.recorder.select_events

    def counted(originator_id: Any, **kwargs: Any) -> Any:
        reads.append(str(originator_id))
        return select(originator_id, **kwargs)

    monkeypatch.setattr(carepack.recorder, "select_events", counted)
    claimed = sapi.call(
        "POST", f"/subscriptions/{subscription_id}/redemptions", "staff",
        {"item_code": "escort", "note": "escorted"}, 201,
    )  # fmt: skip
    assert len(reads) == len(set(reads)), reads
    assert patient_id in reads and subscription_id in reads
    reads.clear()
    answered = sapi.call("GET", f"/subscriptions/{subscription_id}", "staff")
    assert answered.json()["status"] == "active"
    assert len(reads) == len(set(reads)) and {subscription_id, patient_id} <= set(reads)
    assert claimed.json()["status"] == "claimed"
