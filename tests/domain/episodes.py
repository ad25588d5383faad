"""Episodes for domain tests: the allowed moves of product §2.2, an opened episode, and one
walked to any stage."""

from __future__ import annotations

from collections import deque
from uuid import uuid4

from domain.episode import PatientEpisode
from tests.fixtures import DOCTOR, ctx

# Written out from product §2.2, not read from the code, so a changed table fails here.
ALLOWED = {
    ("registered", "consulting"), ("consulting", "admitted"), ("admitted", "discharged"),
    ("discharged", "follow_up"), ("follow_up", "closed"), ("consulting", "follow_up"),
    ("consulting", "closed"), ("discharged", "closed"), ("follow_up", "admitted"),
    ("registered", "cancelled"), ("consulting", "cancelled"),
}  # fmt: skip
DETAIL = {"closed": "stable", "consulting": "paid", "cancelled": "duplicate"}


def open_episode(programme: str = "oncology_nutrition") -> PatientEpisode:
    return PatientEpisode.open(
        uuid4(), patient_id=uuid4(), department="oncology", condition_code="c16.9",
        condition_label="Gastric cancer", care_team_id="onc-1", programme=programme,
        ctx=ctx(DOCTOR),
    )  # fmt: skip


def episode_at(stage: str) -> PatientEpisode:
    """Walk the allowed moves (shortest path) to reach `stage`."""
    paths: dict[str, list[str]] = {"registered": []}
    queue = deque(["registered"])
    while queue:
        here = queue.popleft()
        for a, b in sorted(ALLOWED):
            if a == here and b not in paths:
                paths[b] = [*paths[here], b]
                queue.append(b)
    episode = open_episode()
    for step in paths[stage]:
        episode.move_to(step, ctx(DOCTOR), detail=DETAIL.get(step, ""))
    assert episode.stage == stage
    return episode
