"""Nutrition risk (product §2.2): NRS-2002, PG-SGA and the tier the domain computes."""

from __future__ import annotations

import pytest

from domain.errors import InvalidScreening
from domain.nutrition import AT_RISK, MALNOURISHED, WELL_NOURISHED, Nrs2002, PgSga, risk_tier
from tests.expect import broken


def test_nrs_total_adds_one_at_age_70() -> None:
    assert Nrs2002(2, 1, 69).total == 3
    assert Nrs2002(2, 1, 70).total == 4
    assert Nrs2002(3, 3, 90).total == 7


@pytest.mark.parametrize(
    ("nrs", "pg_sga"),
    [(Nrs2002(3, 2, 40), None), (Nrs2002(2, 2, 75), None), (None, PgSga("C", 12)),
     (Nrs2002(0, 0, 20), PgSga("C", 9))],
)  # fmt: skip
def test_pg_sga_c_or_nrs_at_least_5_is_malnourished(
    nrs: Nrs2002 | None, pg_sga: PgSga | None
) -> None:
    assert risk_tier(nrs, pg_sga) == MALNOURISHED


@pytest.mark.parametrize(
    ("nrs", "pg_sga"),
    [(Nrs2002(2, 1, 40), None), (Nrs2002(2, 2, 40), None), (Nrs2002(2, 1, 70), None),
     (None, PgSga("B", 5)), (Nrs2002(0, 0, 30), PgSga("B", 4))],
)  # fmt: skip
def test_pg_sga_b_or_nrs_3_to_4_is_at_risk(nrs: Nrs2002 | None, pg_sga: PgSga | None) -> None:
    assert risk_tier(nrs, pg_sga) == AT_RISK


@pytest.mark.parametrize(
    ("nrs", "pg_sga"),
    [(Nrs2002(1, 1, 69), None), (None, PgSga("A", 1)), (Nrs2002(0, 0, 30), PgSga("A", 0))],
)
def test_otherwise_well_nourished(nrs: Nrs2002 | None, pg_sga: PgSga | None) -> None:
    assert risk_tier(nrs, pg_sga) == WELL_NOURISHED


def test_a_screening_needs_an_instrument() -> None:
    with broken(InvalidScreening, "invalid_screening"):
        risk_tier(None, None)


@pytest.mark.parametrize(
    "build",
    [lambda: Nrs2002(4, 0, 50), lambda: Nrs2002(0, -1, 50), lambda: Nrs2002(0, 0, 131),
     lambda: PgSga("D", 3), lambda: PgSga("A", 61), lambda: PgSga("B", -1)],
)  # fmt: skip
def test_screening_scores_stay_in_range(build: object) -> None:
    with broken(InvalidScreening, "invalid_screening"):
        build()  # type: ignore[operator]
