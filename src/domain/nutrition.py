"""Nutrition-risk screening (NRS-2002, PG-SGA) and the risk tier (分层) computed from it."""

from __future__ import annotations

from dataclasses import dataclass

from domain.errors import InvalidScreening

WELL_NOURISHED = "well_nourished"
AT_RISK = "at_risk"
MALNOURISHED = "malnourished"
TIERS = (WELL_NOURISHED, AT_RISK, MALNOURISHED)
PG_SGA_CATEGORIES = frozenset({"A", "B", "C"})


@dataclass(frozen=True)
class Nrs2002:
    """NRS-2002: impaired nutritional status 0–3, disease severity 0–3, age ≥ 70 adds 1."""

    nutritional_status: int
    disease_severity: int
    age: int

    def __post_init__(self) -> None:
        if not 0 <= self.nutritional_status <= 3 or not 0 <= self.disease_severity <= 3:
            raise InvalidScreening("NRS-2002 scores must be between 0 and 3")
        if not 0 <= self.age <= 130:
            raise InvalidScreening("age must be between 0 and 130")

    @property
    def total(self) -> int:
        return self.nutritional_status + self.disease_severity + (1 if self.age >= 70 else 0)


@dataclass(frozen=True)
class PgSga:
    """PG-SGA: a global category A, B or C and the numeric score."""

    category: str
    score: int

    def __post_init__(self) -> None:
        if self.category not in PG_SGA_CATEGORIES:
            raise InvalidScreening("PG-SGA category must be A, B or C")
        if not 0 <= self.score <= 60:
            raise InvalidScreening("PG-SGA score must be between 0 and 60")


def risk_tier(nrs: Nrs2002 | None, pg_sga: PgSga | None) -> str:
    """The tier the domain computes; the worse of the two instruments wins."""
    if nrs is None and pg_sga is None:
        raise InvalidScreening("a screening needs NRS-2002 or PG-SGA")
    nrs_total = nrs.total if nrs is not None else 0
    category = pg_sga.category if pg_sga is not None else "A"
    if category == "C" or nrs_total >= 5:
        return MALNOURISHED
    if category == "B" or nrs_total >= 3:
        return AT_RISK
    return WELL_NOURISHED
