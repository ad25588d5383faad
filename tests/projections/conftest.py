"""Fixtures for projection tests: a toy application and migrated read models, both stores."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from application.settings import Settings
from application.store import event_store_environment
from projections.engine import create_read_engine
from projections.migrations import upgrade
from tests.projections.toy import ToyApp, toy_metadata


@pytest.fixture
def app(settings: Settings) -> Iterator[ToyApp]:
    toy = ToyApp(env=event_store_environment(settings))
    yield toy
    toy.close()


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    """The read-model engine, migrated to head, plus the toy projector's own table."""
    upgrade(settings)
    read_engine = create_read_engine(settings)
    toy_metadata.create_all(read_engine)
    yield read_engine
    read_engine.dispose()
