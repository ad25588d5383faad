"""Money over integer fen, and the largest-remainder split that keeps sums exact."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from domain.errors import InvalidInput

_AMOUNT = re.compile(r"^-?\d+(\.\d{1,2})?$")


@dataclass(frozen=True, order=True)
class Money:
    """An amount in minor units (fen) and an ISO currency code. Never a float."""

    fen: int
    currency: str = "CNY"

    def __post_init__(self) -> None:
        if not isinstance(self.fen, int) or isinstance(self.fen, bool):
            raise InvalidInput("money must be an integer number of fen")
        if not re.fullmatch(r"[A-Z]{3}", self.currency):
            raise InvalidInput(f"unknown currency {self.currency!r}")

    @classmethod
    def parse(cls, amount: str, currency: str = "CNY") -> Money:
        """Parse '1999.00' (at most two decimals) into fen, exactly."""
        text = amount.strip()
        if not _AMOUNT.match(text):
            raise InvalidInput(f"amount {amount!r} is not a decimal with at most two places")
        return cls(int(Decimal(text) * 100), currency)

    @classmethod
    def zero(cls, currency: str = "CNY") -> Money:
        return cls(0, currency)

    @property
    def amount(self) -> str:
        sign = "-" if self.fen < 0 else ""
        whole, part = divmod(abs(self.fen), 100)
        return f"{sign}{whole}.{part:02d}"

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.fen + other.fen, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.fen - other.fen, self.currency)

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise InvalidInput(f"cannot mix {self.currency} and {other.currency}")

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


def allocate(total: int, weights: Sequence[int]) -> list[int]:
    """Split `total` fen in proportion to `weights` by the largest-remainder method.

    The parts always add up to `total` exactly. Ties in the remainder go to the
    earlier part, so the split is deterministic. A zero total weight splits equally.
    """
    if total < 0:
        raise InvalidInput("cannot allocate a negative amount")
    if not weights:
        return []
    if any(w < 0 for w in weights):
        raise InvalidInput("weights must not be negative")
    basis = list(weights) if sum(weights) > 0 else [1] * len(weights)
    weight_sum = sum(basis)
    floors = [total * w // weight_sum for w in basis]
    remainders = [total * w % weight_sum for w in basis]
    short = total - sum(floors)
    order = sorted(range(len(basis)), key=lambda i: (-remainders[i], i))
    for i in order[:short]:
        floors[i] += 1
    return floors
