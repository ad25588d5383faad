"""ID numbers show at most their last 4 characters, also in rows stored before the change."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from application.settings import Settings
from domain.patient import mask_id_number
from projections.engine import create_read_engine
from projections.migrations import upgrade

BEFORE = "0008_audit"
NUMBERS = ["110101194804021234", "11010119480402123X", "E12345678", "1234567", "AB", "12345678"]


def old_mask(number: str) -> str:
    """The mask of earlier releases: first 3 and last 4 characters."""
    if len(number) <= 7:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


@given(st.text(min_size=1, max_size=64))
def test_given_any_number_then_at_most_its_last_4_characters_show(number: str) -> None:
    masked, n = mask_id_number(number), len(number)
    # stars, then a suffix of at most 4 characters and at most half the number
    assert any(masked == "*" * (n - k) + number[n - k :] for k in range(min(4, n // 2) + 1))
    assert mask_id_number(masked) == masked
    assert mask_id_number(old_mask(number)) == masked


def _insert_old_rows(settings: Settings) -> None:
    engine = create_read_engine(settings)
    try:
        with engine.begin() as conn:
            for i, number in enumerate(NUMBERS):
                conn.execute(
                    sa.text("INSERT INTO dash_registrations (patient_id, masked_id_number)"
                            " VALUES (:p, :m)"),
                    {"p": f"p{i}", "m": old_mask(number)},
                )  # fmt: skip
                conn.execute(
                    sa.text("INSERT INTO dash_patients (patient_id, department, masked_id_number,"
                            " episode_id, stage, vip, remaining, consultation_pending)"
                            " VALUES (:p, 'oncology', :m, 'e', 'registered', false, 0, false)"),
                    {"p": f"p{i}", "m": old_mask(number)},
                )  # fmt: skip
    finally:
        engine.dispose()


@pytest.mark.empty_store
def test_given_rows_masked_the_old_way_when_migrated_then_they_read_masked_the_new_way(
    settings: Settings,
) -> None:
    upgrade(settings, BEFORE)
    _insert_old_rows(settings)

    upgrade(settings)

    expected = {f"p{i}": mask_id_number(number) for i, number in enumerate(NUMBERS)}
    assert expected["p0"] == "**************1234" and expected["p4"] == "**"
    engine = create_read_engine(settings)
    try:
        with engine.connect() as conn:
            for table in ("dash_registrations", "dash_patients"):
                rows = conn.execute(sa.text(f"SELECT patient_id, masked_id_number FROM {table}"))
                assert dict(rows.all()) == expected, table
    finally:
        engine.dispose()
