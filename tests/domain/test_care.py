"""Nutrition care inside an episode (product §2.2): screening, plan, observations, follow-ups."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from uuid import uuid4

import pytest

from domain.errors import (
    EpisodeClosed,
    FollowUpNotPending,
    InvalidInput,
    InvalidScreening,
    UnknownFollowUp,
)
from domain.nutrition import Nrs2002, PgSga
from tests.domain.episodes import episode_at, open_episode
from tests.expect import broken
from tests.fixtures import DOCTOR, NURSE, START, ctx


def test_tier_is_computed_never_typed_in() -> None:
    episode = open_episode()
    assert episode.record_screening(ctx(NURSE), nrs2002=Nrs2002(3, 2, 72)) == "malnourished"
    assert (episode.risk_tier, episode.computed_tier, episode.nrs2002_total) == (
        "malnourished", "malnourished", 6,
    )  # fmt: skip


def test_override_keeps_computed_and_final_tier() -> None:
    episode = open_episode()
    tier = episode.record_screening(
        ctx(DOCTOR), pg_sga=PgSga("B", 6), override_tier="malnourished", override_reason=" ascites "
    )
    (screened,) = episode.collect_events()[1:]
    assert tier == episode.risk_tier == "malnourished"
    assert episode.computed_tier == "at_risk"
    assert screened.computed_tier == "at_risk"  # type: ignore[attr-defined]
    assert screened.tier == "malnourished"  # type: ignore[attr-defined]
    assert screened.override_reason == "ascites"  # type: ignore[attr-defined]


def test_override_needs_a_reason() -> None:
    with broken(InvalidScreening, "invalid_screening"):
        open_episode().record_screening(
            ctx(DOCTOR), pg_sga=PgSga("A", 1), override_tier="at_risk", override_reason="  "
        )
    with broken(InvalidScreening, "invalid_screening"):
        open_episode().record_screening(
            ctx(DOCTOR), pg_sga=PgSga("A", 1), override_tier="obese", override_reason="looks"
        )


def test_care_plan_needs_a_known_intervention_and_interval() -> None:
    episode = open_episode()
    episode.set_care_plan("oral_supplements", 14, "ONS twice daily", ctx(DOCTOR))
    assert episode.care_plan == {"intervention": "oral_supplements", "interval_days": 14}
    with broken(InvalidInput, "invalid_input"):
        episode.set_care_plan("prayer", 14, "", ctx(DOCTOR))
    with broken(InvalidInput, "invalid_input"):
        episode.set_care_plan("enteral", 0, "", ctx(DOCTOR))


def test_observation_has_a_code_a_source_and_is_not_in_the_future() -> None:
    episode = open_episode()
    episode.record_observation("body_weight", Decimal("52.4"), "kg", START, "device", ctx(NURSE))
    assert episode.observations[0]["value"] == Decimal("52.4")
    with broken(InvalidInput, "invalid_input"):
        episode.record_observation("Body Weight", Decimal(1), "kg", START, "staff", ctx(NURSE))
    with broken(InvalidInput, "invalid_input"):
        episode.record_observation("bmi", Decimal(1), "", START, "rumour", ctx(NURSE))
    later = START + timedelta(minutes=1)
    with broken(InvalidInput, "invalid_input"):
        episode.record_observation("bmi", Decimal(1), "", later, "staff", ctx(NURSE))


def test_follow_up_is_completed_or_missed_once() -> None:
    episode = open_episode()
    done, missed = uuid4(), uuid4()
    for follow_up in (done, missed):
        episode.schedule_follow_up(follow_up, START.date(), "phone", "staff-zhao", ctx(NURSE))
    with broken(InvalidInput, "invalid_input"):
        episode.schedule_follow_up(done, START.date(), "phone", "staff-zhao", ctx(NURSE))
    with broken(InvalidInput, "invalid_input"):
        episode.schedule_follow_up(uuid4(), START.date(), "pigeon", "staff-zhao", ctx(NURSE))
    episode.complete_follow_up(done, "stable", ctx(NURSE))
    episode.miss_follow_up(missed, "no answer", ctx(NURSE))
    assert [episode.follow_ups[f]["status"] for f in (done, missed)] == ["completed", "missed"]
    with broken(FollowUpNotPending, "follow_up_not_pending"):
        episode.complete_follow_up(done, "again", ctx(NURSE))
    with broken(FollowUpNotPending, "follow_up_not_pending"):
        episode.miss_follow_up(missed, "again", ctx(NURSE))
    with broken(UnknownFollowUp, "follow_up_not_found"):
        episode.complete_follow_up(uuid4(), "?", ctx(NURSE))


def test_recommendation_names_the_doctor() -> None:
    episode = open_episode()
    package = uuid4()
    episode.recommend_package(package, ctx(DOCTOR))
    assert episode.recommended_package_ids == [package]
    assert episode.collect_events()[-1].doctor_id == "dr-wang"  # type: ignore[attr-defined]


@pytest.mark.parametrize("stage", ["closed", "cancelled"])
def test_an_ended_episode_takes_no_care(stage: str) -> None:
    episode = episode_at(stage)
    c = ctx(DOCTOR)
    for change in (
        lambda: episode.record_screening(c, pg_sga=PgSga("A", 1)),
        lambda: episode.set_care_plan("enteral", 7, "", c),
        lambda: episode.record_observation("bmi", Decimal(20), "", START, "staff", c),
        lambda: episode.schedule_follow_up(uuid4(), START.date(), "phone", "x", c),
        lambda: episode.complete_follow_up(uuid4(), "", c),
        lambda: episode.recommend_package(uuid4(), c),
    ):
        with broken(EpisodeClosed, "episode_closed"):
            change()
