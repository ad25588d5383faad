"""bench/races.py, short: 32 clients racing claims, receipts and partial refunds on the same
subscriptions for 10 s over HTTP on PostgreSQL; no money or unit invariant broken."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.stores import CreateDatabase

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
BENCH = Path(__file__).resolve().parents[2] / "bench"


def test_given_32_clients_racing_refunds_and_redemptions_then_no_invariant_breaks(
    create_pg_database: CreateDatabase,
) -> None:
    sys.path.append(str(BENCH))
    import races

    tally, violations = races.run(10.0, 32, create_pg_database())
    print(f"\n# races 10 s: {dict(tally.statuses)}; payouts {sum(tally.paid_out.values())}")
    assert violations == []
    done = sum(n for (status, _), n in tally.statuses.items() if status in (200, 201))
    assert done > 20 and tally.paid_out, "the race did little"  # ~80 on a loaded machine
    assert sum(n for (status, _), n in tally.statuses.items() if status == 409) > 50
