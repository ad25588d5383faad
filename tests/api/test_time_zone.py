"""The hospital's business day (CAREPACK_TIMEZONE, default Asia/Shanghai) in every read model.

23:30 on Sunday 8 March and 00:30 on Monday 9 March in Beijing are both Sunday afternoon
in UTC: by UTC days every figure below would land on the 8th and in ISO week 10.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from application.clock import FixedClock
from tests.api.dsl import INTAKE, Api

BEIJING = timezone(timedelta(hours=8))
LATE_SUNDAY = datetime(2026, 3, 8, 23, 30, tzinfo=BEIJING)
EARLY_MONDAY = datetime(2026, 3, 9, 0, 30, tzinfo=BEIJING)


def _at(api: Api, moment: datetime) -> None:
    clock = api.client.app.state.carepack.clock
    assert isinstance(clock, FixedClock)
    clock.set(moment)


def _enrol(api: Api, patient_id: str, package_id: str, at: datetime) -> str:
    _at(api, at)
    subscription_id = api.buy(package_id, patient_id)
    api.post(f"/subscriptions/{subscription_id}/consultation", "doctor", {"suitable": True})
    api.post(f"/subscriptions/{subscription_id}/intake", f"proxy:{patient_id}", {"answers": INTAKE})
    return subscription_id


def _receipt(api: Api, patient_id: str, ref: str, at: datetime) -> None:
    _at(api, at)
    body = {
        "source": "edu-platform", "ref": ref, "patient_id": patient_id,
        "item_kind": "education", "occurred_at": at.isoformat(),
    }  # fmt: skip
    api.post("/receipts", "staff", body, 201)


def test_events_just_before_and_after_local_midnight_fall_on_their_local_day(api: Api) -> None:
    assert api.settings.timezone == "Asia/Shanghai"
    patient_id = api.patient()
    episode_id = api.open_episode(patient_id, "E11")
    package_id = api.publish_package()
    late = _enrol(api, patient_id, package_id, LATE_SUNDAY)
    early = _enrol(api, patient_id, package_id, EARLY_MONDAY)
    _at(api, LATE_SUNDAY)
    body = {"due_on": "2026-03-09", "channel": "phone", "assignee": "nurse-li"}
    api.post(f"/episodes/{episode_id}/follow-ups", "staff", body, 201)
    _receipt(api, patient_id, "EDU-LATE", LATE_SUNDAY)
    due_late = api.get("/dashboard/worklists/follow_ups_due", "nurse")["items"]
    _receipt(api, patient_id, "EDU-EARLY", EARLY_MONDAY)
    head = api.client.app.state.carepack.recorder.max_notification_id()

    # Validity: each subscription starts on its local day.
    assert api.get(f"/subscriptions/{late}", "nurse")["starts_on"] == "2026-03-08"
    assert api.get(f"/subscriptions/{early}", "nurse")["starts_on"] == "2026-03-09"
    # Finance: one purchase on each local day.
    daily = api.get(f"/finance/daily?after={head}", "finance")["items"]
    assert [(row["day"], row["purchases_count"]) for row in daily] == [
        ("2026-03-08", 1),
        ("2026-03-09", 1),
    ]
    # Dashboard: on Monday 00:30 it is Monday, week 11: one redemption this week, and the
    # follow-up due on the 9th is due today (at 23:30 on Sunday it was not yet).
    summary = api.get(f"/dashboard/summary?after={head}", "nurse")
    [department] = summary["departments"]
    assert summary["today"] == "2026-03-09"
    assert department["redemptions_this_week"] == 1
    assert department["follow_ups_due_today"] == 1
    assert due_late == []
    due = api.get("/dashboard/worklists/follow_ups_due", "nurse")["items"]
    assert [row["due_on"] for row in due] == ["2026-03-09"]
