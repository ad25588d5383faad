"""Schemathesis against the ASGI app: generated requests never get a 5xx or an off-schema answer.

Bounded on purpose (a few examples per operation) so it stays well under a minute and a
half; the store holds a small seeded demo hospital so the read models answer with real
rows. The token holds every staff, finance and audit role, so guards let most calls in.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from api.app import create_app
from api.auth import mint_token
from application.app import Carepack
from application.settings import Settings
from demo.seed import seed_demo
from projections.engine import create_read_engine
from projections.host import ProjectionsHost
from projections.migrations import upgrade
from tests.api.dsl import SECRET

READ_EXAMPLES = 8
WRITE_EXAMPLES = 4
ROLES = ["admin", "auditor", "finance", "catalogue_reviewer", "integration", "doctor", "nurse",
         "service_staff", "service_lead"]  # fmt: skip


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, dict[str, str]]]:
    """The app over a migrated store with a small demo, projections caught up."""
    folder: Path = tmp_path_factory.mktemp("schemathesis")
    config = Settings(data_dir=folder, jwt_secret=SECRET, run_projections=False)
    upgrade(config)
    carepack = Carepack(config)
    engine = create_read_engine(config)
    try:
        seed_demo(carepack, patients=10)
        ProjectionsHost(carepack, engine).catch_up()
        token = mint_token(config, "fuzzer", ROLES, ["oncology", "endocrinology", "cardiology"])
        yield create_app(config, carepack=carepack), {"Authorization": f"Bearer {token}"}
    finally:
        engine.dispose()
        carepack.close()


def operations(app: Any) -> list[Any]:
    schema = schemathesis.openapi.from_asgi("/schema/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


def test_given_generated_requests_then_no_server_error_and_every_answer_fits_the_schema(
    seeded: tuple[Any, dict[str, str]],
) -> None:
    app, headers = seeded
    found = operations(app)
    assert any(op.path == "/api/v1/dashboard/summary" for op in found)
    for operation in found:
        examples = READ_EXAMPLES if operation.method.upper() == "GET" else WRITE_EXAMPLES

        @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        @given(case=operation.as_strategy())
        def check(case: Any) -> None:
            case.call_and_validate(
                headers=headers, checks=[not_a_server_error, response_schema_conformance]
            )

        check()
