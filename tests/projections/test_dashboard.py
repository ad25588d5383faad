"""The dashboard over a small hospital: every counter, filter, worklist, the timeline, packages."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

import pytest
from alembic import command
from sqlalchemy import Engine

from application.settings import Settings
from projections.dashboard import queries
from projections.dashboard.queries import DepartmentSummary
from projections.migrations import alembic_config
from tests.clinic import Clinic
from tests.projections.dashboard_world import (
    ENDO,
    ONC,
    project,
    read_engine,
    small_hospital,
    snapshot,
)
from tests.projections.summary_by_rows import summary_by_rows


@dataclass
class Dashboard:
    """The small hospital (tests/projections/dashboard_world.py), projected, and its ids."""

    clinic: Clinic
    engine: Engine
    ids: dict[str, UUID]


@pytest.fixture
def dashboard(settings: Settings) -> Iterator[Dashboard]:
    clinic = Clinic.over(settings)
    engine = read_engine(settings)
    ids = small_hospital(clinic)
    project(clinic, engine)
    yield Dashboard(clinic, engine, ids)
    clinic.close()
    engine.dispose()


def test_given_a_small_hospital_when_summarised_then_every_department_counter_is_right(
    dashboard: Dashboard,
) -> None:
    found = queries.summary(dashboard.engine, [ENDO, ONC], dashboard.clinic.today)

    assert found[ENDO] == DepartmentSummary(
        department=ENDO,
        episodes_by_stage={"consulting": 1, "admitted": 1, "follow_up": 1},
        patients_by_risk_tier={"well_nourished": 1, "at_risk": 1, "unscreened": 1},
        vip_patients=1,
        pending_consultations=1,
        unconfirmed_redemptions=1,
        open_refunds=0,
        ending_soon=0,
        follow_ups_due_today=1,
        follow_ups_overdue=1,
        redemptions_this_week=2,
    )
    assert found[ONC] == DepartmentSummary(
        department=ONC,
        episodes_by_stage={"consulting": 2, "closed": 1, "cancelled": 1, "registered": 1},
        patients_by_risk_tier={"malnourished": 1, "at_risk": 1, "unscreened": 3},
        vip_patients=2,
        pending_consultations=0,
        unconfirmed_redemptions=1,
        open_refunds=1,
        ending_soon=2,
        follow_ups_due_today=1,
        follow_ups_overdue=1,
        redemptions_this_week=1,
        at_risk_without_plan=1,  # the worklist's one row (c_ep, below)
    )
    assert queries.summary(dashboard.engine, None, dashboard.clinic.today) == found
    assert list(queries.summary(dashboard.engine, [ONC], dashboard.clinic.today)) == [ONC]
    next_week = dashboard.clinic.today + timedelta(days=7)
    assert queries.summary(dashboard.engine, [ENDO], next_week)[ENDO].redemptions_this_week == 0


def test_given_a_small_hospital_when_listing_patients_then_filters_and_rows_match(
    dashboard: Dashboard,
) -> None:
    ids, db = dashboard.ids, dashboard.engine

    def who(**filters: object) -> set[tuple[UUID, str]]:
        page = queries.patients(db, filters.pop("departments", None), limit=200, **filters)  # type: ignore[arg-type]
        return {(UUID(row.patient_id), row.department) for row in page.items}

    assert who(departments=[ENDO], vip=True) == {(ids["b"], ENDO)}
    assert who(vip=True) == {(ids["b"], ENDO), (ids["c"], ONC), (ids["g"], ONC)}
    assert who(departments=[ONC], risk_tier="unscreened") == {
        (ids["e"], ONC), (ids["f"], ONC), (ids["g"], ONC)
    }  # fmt: skip
    assert who(risk_tier="malnourished") == {(ids["c"], ONC)}
    assert who(stage="consulting") == {(ids["a"], ENDO), (ids["c"], ONC), (ids["g"], ONC)}
    assert who(consultation_pending=True) == {(ids["a"], ENDO)}
    assert who(follow_up_due_by=dashboard.clinic.today) == {
        (ids["b"], ENDO), (ids["c"], ONC), (ids["e"], ONC)
    }  # fmt: skip
    assert len(who()) == 8  # E is listed once in each department

    b = queries.patients(db, [ENDO], vip=True).items[0]
    assert (b.stage, b.risk_tier, b.vip, b.remaining) == ("admitted", "at_risk", True, 18)
    assert b.next_follow_up == dashboard.clinic.today - timedelta(days=1)
    assert b.masked_id_number == "**************1234"


def test_given_many_rows_when_paging_then_every_row_comes_once_in_order(
    dashboard: Dashboard,
) -> None:
    seen: list[tuple[str, str]] = []
    cursor = None
    while True:
        page = queries.patients(dashboard.engine, None, cursor=cursor, limit=3)
        seen += [(row.patient_id, row.department) for row in page.items]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert len(seen) == 8 and seen == sorted(seen)
    with pytest.raises(queries.InvalidCursor):
        queries.patients(dashboard.engine, None, cursor="not-a-cursor")
    with pytest.raises(ValueError):
        queries.patients(dashboard.engine, None, limit=201)


def test_given_a_small_hospital_when_reading_worklists_then_each_holds_what_needs_doing(
    dashboard: Dashboard,
) -> None:
    ids, today = dashboard.ids, dashboard.clinic.today

    def ids_of(name: str, key: str, departments: list[str] | None = None) -> list[UUID]:
        page = queries.worklist(dashboard.engine, name, departments, today, limit=200)
        return [UUID(row[key]) for row in page.items]

    due = queries.worklist(dashboard.engine, "follow_ups_due", None, today).items
    same_day = sorted([ids["b_due_today"], ids["e_due_today"]], key=str)
    assert [(UUID(r["follow_up_id"]), r["overdue"]) for r in due] == [
        (ids["c_overdue"], True), (ids["b_overdue"], True),
        (same_day[0], False), (same_day[1], False),
    ]  # fmt: skip
    assert ids_of("follow_ups_due", "follow_up_id", [ENDO]) == [
        ids["b_overdue"], ids["b_due_today"]
    ]  # fmt: skip
    assert ids_of("pending_consultations", "subscription_id") == [ids["a_sub"]]
    assert set(ids_of("unconfirmed_redemptions", "redemption_id")) == {
        ids["b_claim"], ids["g_disputed"]
    }  # fmt: skip
    assert ids_of("unconfirmed_redemptions", "redemption_id", [ONC]) == [ids["g_disputed"]]
    assert ids_of("open_refunds", "refund_id") == [ids["c_refund"]]
    assert ids_of("open_refunds", "refund_id", [ENDO]) == []
    ending = sorted([ids["c_sub"], ids["g_sub"]], key=str)  # same end date: by id
    assert ids_of("ending_soon", "subscription_id") == ending
    assert ids_of("at_risk_without_plan", "episode_id") == [ids["c_ep"]]
    with pytest.raises(KeyError):
        queries.worklist(dashboard.engine, "no_such_list", None, today)


def test_given_a_patient_when_reading_the_timeline_then_events_are_in_order_without_names(
    dashboard: Dashboard,
) -> None:
    entries = queries.timeline(dashboard.engine, str(dashboard.ids["b"]), limit=200).items
    types = [e.type for e in entries]
    assert types[:3] == [
        "Patient.Registered",
        "PatientEpisode.Opened",
        "PatientEpisode.ConsultationStarted",
    ]
    for expected in (
        "PatientEpisode.ScreeningRecorded", "PatientEpisode.CarePlanSet",
        "PatientEpisode.PackageRecommended", "Subscription.Purchased",
        "Subscription.EnrolmentConsulted", "Subscription.Activated", "EntitlementLedger.Opened",
        "PatientEpisode.FollowUpCompleted", "EntitlementLedger.Redeemed",
        "EntitlementLedger.RedemptionClaimed",
    ):  # fmt: skip
        assert expected in types
    assert [e.position for e in entries] == sorted(e.position for e in entries)
    assert all("李四" not in e.summary and "1234" not in e.summary for e in entries)
    first = queries.timeline(dashboard.engine, str(dashboard.ids["b"]), limit=2)
    rest = queries.timeline(
        dashboard.engine, str(dashboard.ids["b"]), cursor=first.next_cursor, limit=200
    )
    assert first.items + rest.items == entries


def test_given_sales_when_reading_packages_then_each_has_its_figures(dashboard: Dashboard) -> None:
    by_code = {p.code: p for p in queries.packages(dashboard.engine)}

    dm, onc = by_code["DM-ANNUAL"], by_code["ONC-NUTRI"]
    assert (dm.recommendations, dm.sales, dm.recommended_sales) == (3, 2, 2)
    assert dm.conversion == pytest.approx(2 / 3)
    assert (dm.active_subscriptions, dm.units_granted, dm.units_redeemed) == (1, 21, 2)
    assert dm.redemption_rate == pytest.approx(2 / 21)
    assert (dm.refunded_subscriptions, dm.refund_rate) == (0, 0.0)
    assert (onc.recommendations, onc.sales, onc.recommended_sales, onc.conversion) == (1, 2, 0, 0.0)
    assert (onc.active_subscriptions, onc.units_granted, onc.units_redeemed) == (2, 12, 1)
    assert (onc.refunded_subscriptions, onc.refund_rate) == (1, 0.5)
    assert (dm.status, dm.version, dm.disease_codes, dm.price) == ("published", 1, ["E11"], 199900)


def test_given_a_small_hospital_then_the_kept_counters_equal_the_rows_counted_on_any_day(
    dashboard: Dashboard,
) -> None:
    for days in range(-3, 40):  # the dated counters' windows move with the day
        day = dashboard.clinic.today + timedelta(days=days)
        for scope in (None, [ENDO], [ENDO, ONC, "nowhere"]):
            assert queries.summary(dashboard.engine, scope, day) == summary_by_rows(
                dashboard.engine, scope, day
            ), (days, scope)


def test_given_rows_projected_before_the_counters_when_migrated_then_they_are_counted(
    dashboard: Dashboard,
) -> None:
    kept = snapshot(dashboard.engine)["dash_counters"]
    config = alembic_config()
    with dashboard.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0014_finance_series")  # as before migration 0015
        command.upgrade(config, "head")

    assert kept and snapshot(dashboard.engine)["dash_counters"] == kept
