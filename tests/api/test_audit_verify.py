"""`GET /audit/verify` over HTTP: both chains, signed checkpoints, truncation; free text
stays out of the audit's summaries but not out of the auditor's event history."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine

from application.settings import Settings
from projections.audit.checkpoints import create_checkpoints
from tests.api.dsl import Api, running
from tests.projections.keys import PUBLIC_KEY, SIGNER
from tests.projections.tampering import truncate_events

REASON = "Cannot afford it since my husband's surgery"


@pytest.fixture
def api(settings: Settings) -> Iterator[Api]:
    # The API holds the public key only: checkpoints are made elsewhere.
    with running(settings.model_copy(update={"audit_public_key": PUBLIC_KEY})) as world:
        yield world


def _engine(api: Api) -> Engine:
    engine: Engine = api.client.app.state.read_engine
    return engine


def _verify(api: Api, after: int) -> Any:
    return api.get(f"/audit/verify?after={after}", "auditor")


def _refund_position(api: Api) -> tuple[str, str, int]:
    patient_id, subscription_id = api.active()
    body = {"scope": {"type": "remaining"}, "reason_code": "other", "reason_text": REASON}
    response = api.call("POST", f"/subscriptions/{subscription_id}/refunds",
                        f"patient:{patient_id}", body, 201)  # fmt: skip
    api.get(f"/patients/{patient_id}", "nurse")  # an access-log entry
    return patient_id, subscription_id, int(response.headers["X-Event-Position"])


def test_given_signed_checkpoints_when_the_auditor_verifies_then_both_chains_are_reported(
    api: Api,
) -> None:
    *_, at = _refund_position(api)
    _verify(api, at)  # the audit projection has caught up
    create_checkpoints(_engine(api), SIGNER)

    found = _verify(api, at)

    assert found["ok"] and found["checked"] >= at and found["first_bad_position"] is None
    assert found["head"]["position"] >= at and len(found["head"]["hash"]) == 64
    assert found["signatures_checked"] == 1 and 0 <= found["checkpoint_age_seconds"] < 60
    log = found["access_log"]
    assert log["ok"] and log["checked"] >= 1 and log["signatures_checked"] == 1
    assert found["warnings"] == [] and found["checkpoint_log"] is None


def test_given_a_checkpoint_when_the_newest_events_are_cut_off_then_http_verify_fails(
    api: Api, settings: Settings
) -> None:
    *_, at = _refund_position(api)
    _verify(api, at)
    create_checkpoints(_engine(api), SIGNER)
    truncate_events(settings, _engine(api), keep=at - 3, table="carepack")

    found = _verify(api, 0)

    assert not found["ok"] and found["problem"].startswith("truncated")
    assert found["head"]["position"] == at - 3 and found["first_bad_position"] == at - 2
    assert [f["reason"] for f in found["failed_checkpoints"]] == [
        "beyond the end of the chain (entries removed)"
    ]


def test_given_a_refund_reason_then_summaries_withhold_it_and_the_event_history_shows_it(
    api: Api,
) -> None:
    patient_id, subscription_id, at = _refund_position(api)

    events = api.get(f"/audit/events?patient_id={patient_id}&limit=200&after={at}", "auditor")
    history = api.get(f"/audit/aggregates/{subscription_id}", "auditor")

    summaries = [e["summary"] for e in events["items"]]
    assert any("reason_text=[redacted]" in s for s in summaries)
    assert any("condition_label=[redacted]" in s for s in summaries)
    assert all(REASON not in s and "Type 2 diabetes" not in s for s in summaries)
    [requested] = [e for e in history["events"] if e["type"] == "RefundRequested"]
    assert requested["data"]["reason_text"] == REASON
    assert "reason_text=[redacted]" in requested["summary"]
