"""Episode stages (product §2.2): only the allowed moves, each with its event and detail."""

from __future__ import annotations

from itertools import product
from uuid import uuid4

import pytest

from domain.episode import STAGES, TRANSITIONS, PatientEpisode
from domain.errors import InvalidInput, InvalidStageTransition
from tests.domain.episodes import ALLOWED, DETAIL, episode_at, open_episode
from tests.expect import broken
from tests.fixtures import DOCTOR, ctx

FORBIDDEN = sorted(set(product(STAGES, STAGES)) - ALLOWED)


def test_stage_table_is_the_designs() -> None:
    assert set(STAGES) == {s for pair in ALLOWED for s in pair}
    assert {(a, b) for a, bs in TRANSITIONS.items() for b in bs} == ALLOWED


@pytest.mark.parametrize(("source", "target"), sorted(ALLOWED))
def test_episode_moves_only_along_allowed_stages(source: str, target: str) -> None:
    episode = episode_at(source)
    episode.collect_events()
    episode.move_to(target, ctx(DOCTOR), detail=DETAIL.get(target, ""))
    assert episode.stage == target
    assert len(episode.collect_events()) == 1


@pytest.mark.parametrize(("source", "target"), FORBIDDEN)
def test_episode_never_moves_along_forbidden_stages(source: str, target: str) -> None:
    episode = episode_at(source)
    with broken(InvalidStageTransition, "invalid_stage_transition"):
        episode.move_to(target, ctx(DOCTOR), detail=DETAIL.get(target, ""))
    assert episode.stage == source


def test_readmission_counts_admissions_and_closing_keeps_the_outcome() -> None:
    episode = episode_at("discharged")
    episode.move_to("follow_up", ctx(DOCTOR))
    episode.move_to("admitted", ctx(DOCTOR))
    assert episode.admissions == 2
    episode.move_to("discharged", ctx(DOCTOR))
    episode.move_to("closed", ctx(DOCTOR), detail="recovered")
    assert (episode.outcome, episode.is_open) == ("recovered", False)


def test_closing_needs_an_outcome_and_a_consultation_is_free_or_paid() -> None:
    with broken(InvalidInput, "invalid_input"):
        episode_at("consulting").move_to("closed", ctx(DOCTOR), detail="fine")
    with broken(InvalidInput, "invalid_input"):
        open_episode().move_to("consulting", ctx(DOCTOR), detail="discounted")
    with broken(InvalidInput, "invalid_input"):
        open_episode().move_to("nowhere", ctx(DOCTOR))


def test_opening_needs_a_known_programme_department_condition_and_team() -> None:
    assert open_episode().condition_code == "C16.9"
    with broken(InvalidInput, "invalid_input"):
        open_episode("cosmetics")
    with broken(InvalidInput, "invalid_input"):
        PatientEpisode.open(
            uuid4(), patient_id=uuid4(), department="", condition_code="E11",
            condition_label="", care_team_id="t", programme="general", ctx=ctx(DOCTOR),
        )  # fmt: skip
