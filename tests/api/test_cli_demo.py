"""The demo hospital: deterministic, every lifecycle state present, only into an empty store."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from application.app import Carepack
from application.settings import Settings
from demo.seed import StoreNotEmpty, seed_demo

TODAY = date(2026, 11, 23)


def history(app: Carepack) -> list[tuple[str, str, int]]:
    found = app.recorder.select_notifications(start=1, limit=100_000)
    return [(n.topic, str(n.originator_id), n.originator_version) for n in found]


def test_given_an_empty_store_when_seeding_then_every_state_is_there(settings: Settings) -> None:
    app = Carepack(settings)
    try:
        report = seed_demo(app, patients=40, today=TODAY)
        with pytest.raises(StoreNotEmpty):
            seed_demo(app, patients=1, today=TODAY)
    finally:
        app.close()

    counts = report.counts
    for state in ("draft", "in_review", "rejected", "approved", "delisted", "superseded"):
        assert counts[f"package_{state}"] == 1, state
    steps = ("quoted", "agreed", "approved", "paid", "payment_failed", "rejected", "withdrawn")
    for step in (*steps, "goodwill", "remaining"):
        assert counts[f"refund_{step}"] >= 1, step
    assert counts["patients"] == 40 and counts["purchases_family"] >= 1
    assert counts["follow_ups_due"] and counts["follow_ups_overdue"] and counts["receipts"]
    assert counts["claims_confirm"] + counts["claims_dispute"] + counts["claims_leave"] >= 1
    assert report.ended_at.date() == TODAY and report.events > 40 * 10


def test_given_the_same_seed_when_seeding_twice_then_the_histories_match(tmp_path: Path) -> None:
    histories = []
    for name in ("a", "b"):
        settings = Settings(data_dir=tmp_path / name)
        app = Carepack(settings)
        try:
            seed_demo(app, patients=15, seed=7, today=TODAY)
            histories.append(history(app))
        finally:
            app.close()
    assert histories[0] == histories[1]
