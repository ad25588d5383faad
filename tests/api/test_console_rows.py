"""What the console's lists need: worklist and patient rows name their patients (one read
per page), and the patient list searches by name or phone (`q=`)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from application.clock import FixedClock
from domain.context import Actor, Ctx
from tests.api.dsl import DEPT, Api

# The DSL's patient: 王秀英, female, born 1948-04-02, phone 13800000000; the clock is
# 2026-03-02, so she is 77.
AGE = 77


def _after(api: Api, path: str, response: Any) -> Any:
    at = response.headers["X-Event-Position"]
    sep = "&" if "?" in path else "?"
    return api.get(f"{path}{sep}after={at}", "nurse")


def test_given_a_follow_up_due_then_the_worklist_row_names_the_patient(api: Api) -> None:
    patient_id = api.patient()
    episode_id = api.get(f"/patients/{patient_id}", "nurse")["episode_ids"][0]
    body = {"nrs2002": {"nutritional_status": 3, "disease_severity": 2, "age": AGE}}
    api.post(f"/episodes/{episode_id}/screenings", "nurse", body)
    follow_up = {"due_on": "2026-03-01", "channel": "phone", "assignee": "nurse-li"}
    scheduled = api.call("POST", f"/episodes/{episode_id}/follow-ups", "nurse", follow_up, 201)

    page = _after(api, "/dashboard/worklists/follow_ups_due", scheduled)

    (row,) = page["items"]
    assert row["patient_id"] == patient_id and row["overdue"] is True
    assert row["patient"] == {
        "patient_id": patient_id, "name": "王秀英", "sex": "female", "age": AGE,
        "masked_id_number": row["patient"]["masked_id_number"], "risk_tier": "malnourished",
        "vip": False,
    }  # fmt: skip
    assert row["patient"]["masked_id_number"].endswith("1234")
    assert "110101" not in row["patient"]["masked_id_number"]


def test_given_patients_then_the_list_rows_carry_name_age_and_phone(api: Api) -> None:
    patient_id = api.patient()
    page = api.get(f"/dashboard/patients?department={DEPT}&after={head(api)}", "nurse")
    (row,) = [r for r in page["items"] if r["patient_id"] == patient_id]
    assert (row["name"], row["sex"], row["age"], row["phone"]) == (
        "王秀英", "female", AGE, "13800000000",
    )  # fmt: skip
    assert row["birth_date"] == "1948-04-02"


def head(api: Api) -> int:
    return int(api.client.app.state.carepack.recorder.max_notification_id() or 0)


def _search(api: Api, q: str) -> list[str]:
    page = api.get(f"/dashboard/patients?q={q}", "nurse")
    return sorted(row["patient_id"] for row in page["items"])


def test_given_q_then_the_list_finds_patients_by_part_of_name_or_phone(api: Api) -> None:
    first, second = api.patient(), api.patient()
    api.get(f"/dashboard/patients?after={head(api)}", "nurse")
    carepack = api.client.app.state.carepack
    assert isinstance(carepack.clock, FixedClock)
    ctx = Ctx(Actor("nurse-li", "nurse"), "change-phone", carepack.clock.now())
    done = carepack.change_contact(UUID(second), "13912345678", ctx)
    api.get(f"/dashboard/patients?after={done.position}", "nurse")

    assert _search(api, "秀英") == sorted([first, second])
    assert _search(api, "2345") == [second]
    assert _search(api, "13800000000") == [first]  # the old phone is gone
    assert _search(api, "nobody") == []
    # Wildcards are literal: '%' and '_' match only themselves.
    assert _search(api, "%25") == [] and _search(api, "_") == []


def test_given_q_then_the_search_stays_within_the_callers_departments(api: Api) -> None:
    api.patient()
    page = api.get(f"/dashboard/patients?q=秀英&after={head(api)}", "other-dept:nurse")
    assert page["items"] == []
    assert len(api.get("/dashboard/patients?q=秀英", "nurse")["items"]) == 1
