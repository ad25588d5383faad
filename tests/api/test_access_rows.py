"""Every answer that shows a patient's data writes one access-log row per patient shown,
in one transaction per request, and is not served when the log cannot be written."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from api.guards import Access
from tests.api.dsl import Api, is_problem

CONSENT = {"purpose": "care_management", "given": True}


def rows(api: Api, **query: str) -> list[dict[str, Any]]:
    search = "&".join(f"{k}={v}" for k, v in query.items())
    found: list[dict[str, Any]] = api.get(f"/audit/access-log?limit=200&{search}", "auditor")[
        "items"
    ]
    return found


def seen_by(api: Api, actor: str, resource: str) -> list[str | None]:
    """The patients logged for `actor`'s requests to `resource` (a prefix), in order."""
    return [r["patient_id"] for r in rows(api, actor=actor) if r["resource"].startswith(resource)]


def count_writes(api: Api) -> list[int]:
    """Wrap the access-log writer: one entry per call, the number of rows written."""
    state = api.client.app.state
    writer, calls = state.access_log, []

    def counting(accesses: Sequence[Access]) -> None:
        calls.append(len(accesses))
        writer(accesses)

    state.access_log = counting
    return calls


def test_given_consent_already_given_when_given_again_then_the_answer_is_logged(
    api: Api,
) -> None:
    patient_id = api.patient()
    first = api.call("POST", f"/patients/{patient_id}/consents", "staff", CONSENT)
    before = seen_by(api, "staff-zhao", f"POST /api/v1/patients/{patient_id}/consents")

    again = api.call("POST", f"/patients/{patient_id}/consents", "staff", CONSENT)

    assert again.json()["name"] == "王秀英"  # the record is shown...
    assert again.headers["X-Event-Position"] == first.headers["X-Event-Position"]  # ...unchanged
    assert before == []  # a change is on record as its event
    assert seen_by(api, "staff-zhao", f"POST /api/v1/patients/{patient_id}/consents") == [
        patient_id
    ]


def test_given_an_auditor_reading_a_patient_aggregate_then_the_row_names_the_patient(
    api: Api,
) -> None:
    patient_id = api.patient()
    api.get(f"/audit/aggregates/{patient_id}", "auditor")

    assert seen_by(api, "aud-zhou", f"GET /api/v1/audit/aggregates/{patient_id}") == [patient_id]


def test_given_lists_of_patients_then_each_patient_shown_gets_a_row_in_one_write(
    api: Api,
) -> None:
    patients = sorted(api.active()[0] for _ in range(2))
    subscription = api.buy(api.publish_package(), patients[0])
    at = api.client.app.state.carepack.recorder.max_notification_id()
    calls = count_writes(api)

    listed = api.get(f"/dashboard/patients?after={at}", "nurse")["items"]
    pending = api.get(f"/dashboard/worklists/pending_consultations?after={at}", "nurse")

    assert sorted(r["patient_id"] for r in listed) == patients
    assert [r["subscription_id"] for r in pending["items"]] == [subscription]
    assert calls == [2, 1]  # one write per answer, a row per patient shown
    assert sorted(seen_by(api, "nurse-li", "GET /api/v1/dashboard/patients")) == patients
    assert seen_by(api, "nurse-li", "GET /api/v1/dashboard/worklists") == [patients[0]]


def test_given_refunds_when_finance_lists_or_exports_them_then_each_patient_gets_a_row(
    api: Api,
) -> None:
    patient_id, subscription_id = api.active()
    api.refund(subscription_id, patient_id, {"type": "items", "items": {"escort": 1}})
    at = api.client.app.state.carepack.recorder.max_notification_id()

    listed = api.get(f"/finance/refunds?after={at}", "finance")["items"]
    exported = api.call("GET", "/finance/refunds?format=csv", "finance").text

    assert [r["subscription_id"] for r in listed] == [subscription_id]
    assert [r["subscription_id"] for r in csv.DictReader(io.StringIO(exported))] == [
        subscription_id
    ]
    assert seen_by(api, "fin-qian", "GET /api/v1/finance/refunds") == [patient_id, patient_id]


def test_given_audit_events_when_listed_or_exported_then_each_patient_shown_gets_a_row(
    api: Api,
) -> None:
    first, second = api.patient(), api.patient()
    at = api.client.app.state.carepack.recorder.max_notification_id()

    listed = api.get(f"/audit/events?after={at}&limit=200", "auditor")["items"]
    exported = api.call("GET", "/audit/export?format=jsonl", "auditor").text

    assert {e["patient_id"] for e in listed} >= {first, second}
    assert f'"patient_id": "{first}"' in exported
    assert sorted(seen_by(api, "aud-zhou", "GET /api/v1/audit/events")) == sorted([first, second])
    assert sorted(seen_by(api, "aud-zhou", "GET /api/v1/audit/export")) == sorted([first, second])


def test_given_a_timeline_when_read_then_its_patient_gets_one_row(api: Api) -> None:
    patient_id = api.patient()
    api.get(f"/patients/{patient_id}/timeline?limit=1", "nurse")

    assert seen_by(api, "nurse-li", f"GET /api/v1/patients/{patient_id}/timeline") == [patient_id]


def test_given_the_access_log_cannot_be_written_then_no_patient_data_is_served(
    sapi: Api,
) -> None:
    patient_id = sapi.patient()
    at = sapi.client.app.state.carepack.recorder.max_notification_id()
    sapi.get(f"/dashboard/patients?after={at}", "nurse")  # caught up

    def broken(accesses: Sequence[Access]) -> None:
        raise OSError("the read-model database is gone")

    sapi.client.app.state.access_log = broken
    for path in ("/dashboard/patients", f"/patients/{patient_id}", "/audit/export"):
        who = "auditor" if path.startswith("/audit") else "nurse"
        refused = sapi.call("GET", path, who, expect=0)
        is_problem(refused, 500, "internal_error")
        assert patient_id not in refused.text
