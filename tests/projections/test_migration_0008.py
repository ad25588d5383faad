"""Migration 0008_audit keeps the retired HMAC checkpoints, unchanged, beside the signed ones."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import MetaData, insert, select

from application.settings import Settings
from projections.engine import create_read_engine
from projections.migrations import upgrade
from projections.schema import audit_checkpoints, audit_checkpoints_hmac
from tests.projections.keys import SIGNER

OLD = {"position": 10, "hash": "ab" * 32, "count": 10, "signature": "cd" * 32,
       "created_at": datetime(2026, 3, 1, tzinfo=UTC)}  # fmt: skip
# It migrates step by step from an empty database.
pytestmark = pytest.mark.empty_store


def test_given_hmac_checkpoints_when_upgraded_then_they_are_kept_apart_and_signed_ones_fit(
    settings: Settings,
) -> None:
    upgrade(settings, "0006_dashboard_patient_indexes")
    engine = create_read_engine(settings)
    before = audit_checkpoints_hmac.to_metadata(MetaData(), name="audit_checkpoints")
    with engine.begin() as conn:
        conn.execute(insert(before).values(**OLD))

    upgrade(settings)

    signed = SIGNER.sign("events", 10, "ab" * 32, 10, datetime.now(UTC))
    with engine.begin() as conn:
        kept = conn.execute(select(audit_checkpoints_hmac)).mappings().all()
        conn.execute(insert(audit_checkpoints).values(**vars(signed)))
        assert conn.execute(select(audit_checkpoints.c.signature)).scalars().all() == [
            signed.signature
        ]
    engine.dispose()
    assert [dict(row) for row in kept] == [OLD]
