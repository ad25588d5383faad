"""Input the database would choke on is refused before a query runs: `after=` beyond the
store's head answers 400 at once; cursors we did not make, times UTC cannot hold and
settlement lines out of range answer 422, never 500. One test per input, on both stores
(PostgreSQL is the strict one: types, ranges, NUL bytes)."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from api.cli.main import cli
from application.settings import Settings
from tests.api.dsl import Api, is_problem, running
from tests.stores import CreateDatabase


@pytest.fixture(
    scope="module",
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    ],
)
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[
    tuple[Api, str]
]:  # fmt: skip
    """One app per store for the whole module, with a patient who has a subscription."""
    folder: Path = tmp_path_factory.mktemp("bad-params")
    url = f"sqlite:///{folder / 'events.db'}"
    if request.param == "postgres":
        create: CreateDatabase = request.getfixturevalue("create_pg_database")
        url = create()
    with running(Settings(database_url=url, data_dir=folder)) as api:
        patient_id = api.patient()
        api.buy(api.publish_package(), patient_id)
        yield api, patient_id


def cursor(state: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(state).encode()).decode().rstrip("=")


WHO = {"/audit": "auditor", "/finance": "finance"}


def who_for(path: str) -> str:
    return next((w for prefix, w in WHO.items() if path.startswith(prefix)), "nurse")


def head(api: Api) -> int:
    found: int = api.client.app.state.carepack.recorder.max_notification_id()
    return found


@pytest.mark.parametrize(
    "path", ["/dashboard/summary", "/audit/events", "/finance/daily", "/patients/{p}/timeline"]
)
@pytest.mark.parametrize("beyond", [1, 1_000_000, 2**63 - 1, 2**63, 10**30])
def test_given_after_beyond_the_head_then_400_at_once(
    world: tuple[Api, str], path: str, beyond: int
) -> None:
    api, patient_id = world
    position = head(api) + beyond if beyond < 2**62 else beyond
    started = time.monotonic()
    response = api.call(
        "GET", f"{path.format(p=patient_id)}?after={position}", who_for(path), expect=0
    )
    assert time.monotonic() - started < 1.0  # never the 2 s wait
    is_problem(response, 400, "after_beyond_head")


def test_given_after_at_the_head_then_the_read_waits_for_it_and_answers(
    world: tuple[Api, str],
) -> None:
    api, _ = world
    response = api.call("GET", f"/dashboard/summary?after={head(api)}", "nurse")
    assert int(response.headers["x-projection-position"]) >= head(api)


MALFORMED_CURSORS = [
    ("/packages", "%%%"),
    ("/packages", cursor({"offset": "x"})),
    ("/packages", cursor({"offset": [1]})),
    ("/packages", cursor({"offset": -5})),
    ("/packages", cursor({"offset": 10**30})),
    ("/packages", cursor({"offset": True})),
    ("/audit/events", cursor({"after": 10**30})),
    ("/audit/events", cursor({"after": "x"})),
    ("/audit/access-log", cursor({"after": 2**63})),
    ("/audit/access-log", cursor([1])),
    ("/finance/refunds", "9" * 30),
    ("/finance/refunds", "²"),
    ("/finance/refunds", "-1"),
    ("/dashboard/patients", "%%%"),
    ("/dashboard/patients", cursor(["x", {}])),
    ("/dashboard/patients", cursor([1, 2])),
    ("/dashboard/patients", cursor([[1], [2]])),
    ("/dashboard/patients", cursor(["x" * 100, "y"])),
    ("/dashboard/worklists/open_refunds", cursor(["x", "y"])),
    ("/dashboard/worklists/open_refunds", cursor([10**30, "y"])),
    ("/dashboard/worklists/open_refunds", cursor([True, "y"])),
    ("/dashboard/worklists/follow_ups_due", cursor(["2026-99-99", "x"])),
    ("/dashboard/worklists/follow_ups_due", cursor([20260101, "x"])),
    ("/dashboard/worklists/ending_soon", cursor(["2026-01-01", None])),
    ("/patients/{p}/timeline", cursor(["x"])),
    ("/patients/{p}/timeline", cursor([1.5])),
]


@pytest.mark.parametrize(("path", "given"), MALFORMED_CURSORS)
def test_given_a_malformed_cursor_then_422(world: tuple[Api, str], path: str, given: str) -> None:
    api, patient_id = world
    response = api.call(
        "GET", f"{path.format(p=patient_id)}?cursor={given}", who_for(path), expect=0
    )
    is_problem(response, 422, "malformed_cursor")


TIME_PATHS = [
    "/audit/events?{name}={t}",
    "/audit/access-log?{name}={t}",
    "/audit/export?format=csv&{name}={t}",
    "/finance/refunds?{name}={t}",
    "/finance/refunds?format=csv&{name}={t}",
]
OUT_OF_RANGE = ["0001-01-01T00:00:00%2B05:00", "9999-12-31T23:59:59-05:00"]


@pytest.mark.parametrize("path", TIME_PATHS)
@pytest.mark.parametrize("moment", OUT_OF_RANGE)
@pytest.mark.parametrize("name", ["since", "until"])
def test_given_a_time_utc_cannot_hold_then_422(
    world: tuple[Api, str], path: str, moment: str, name: str
) -> None:
    api, _ = world
    response = api.call("GET", path.format(name=name, t=moment), who_for(path), None, 0)
    is_problem(response, 422, "time_out_of_range")


@pytest.mark.parametrize("moment", OUT_OF_RANGE)
def test_given_an_as_of_utc_cannot_hold_then_422(world: tuple[Api, str], moment: str) -> None:
    api, patient_id = world
    response = api.call("GET", f"/audit/aggregates/{patient_id}?as_of={moment}", "auditor", None, 0)
    is_problem(response, 422, "time_out_of_range")


@pytest.mark.parametrize("path", TIME_PATHS)
@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00", "9999-12-31T23:59:59.999999"])
def test_given_a_time_without_offset_then_it_is_taken_as_utc(
    world: tuple[Api, str], path: str, moment: str
) -> None:
    api, _ = world
    for name in ("since", "until"):
        response = api.call("GET", path.format(name=name, t=moment), who_for(path), None, 0)
        assert response.status_code == 200, response.text


SETTLEMENT_LINES = {
    "year 1 east of UTC": "R1,payment,1.00,CNY,0001-01-01T00:00:00+05:00",
    # Without an offset a time is the hospital's (Beijing): 1 January of year 1 there is
    # still year 0 in UTC.
    "year 1 in the hospital's zone": "R1,payment,1.00,CNY,0001-01-01",
    "year 9999 west of UTC": "R1,payment,1.00,CNY,9999-12-31T23:59:59-05:00",
    "provider_ref too long": "R" + "x" * 200 + ",payment,1.00,CNY,2026-01-01",
    "NUL in provider_ref": "R\x001,payment,1.00,CNY,2026-01-01",
    "control character in provider_ref": "R\x1b[31m,payment,1.00,CNY,2026-01-01",
    "amount above any amount held": "R1,payment,10000000000.00,CNY,2026-01-01",
}


@pytest.mark.parametrize("line", SETTLEMENT_LINES.values(), ids=SETTLEMENT_LINES.keys())
def test_given_a_settlement_line_out_of_range_then_422_naming_the_line(
    world: tuple[Api, str], line: str
) -> None:
    api, _ = world
    body = f"provider_ref,kind,amount,currency,settled_at\n{line}\n".encode()
    headers = {**api.headers("finance"), "content-type": "text/csv"}
    response = api.client.post("/api/v1/finance/reconciliations", content=body, headers=headers)
    assert is_problem(response, 422, "invalid_settlement_file")["line"] == 2


def test_given_a_settlement_line_at_the_edges_then_it_is_accepted(world: tuple[Api, str]) -> None:
    api, _ = world
    body = ("provider_ref,kind,amount,currency,settled_at\n"
            f"{'R' * 200},payment,9999999999.99,CNY,0001-01-02\n").encode()  # fmt: skip
    headers = {**api.headers("finance"), "content-type": "text/csv"}
    response = api.client.post("/api/v1/finance/reconciliations", content=body, headers=headers)
    assert response.status_code == 201, response.text


def test_given_an_if_match_too_long_for_a_version_then_400(world: tuple[Api, str]) -> None:
    api, patient_id = world
    for etag in ('"' + "9" * 5000 + '"', '"' + "9" * 19 + '"'):
        body = {"purpose": "care_management", "given": True}
        response = api.call("POST", f"/patients/{patient_id}/consents", "staff", body, 0,
                            **{"If-Match": etag})  # fmt: skip
        is_problem(response, 400, "malformed_request")


def test_given_the_cli_when_exporting_a_window_then_its_times_are_taken_as_utc(
    tmp_path: Path,
) -> None:
    env = {"CAREPACK_DATA_DIR": str(tmp_path / "var")}
    assert CliRunner().invoke(cli, ["db", "upgrade"], env=env).exit_code == 0
    for extra in ([], ["--access-log"]):
        args = ["audit", "export", "--format", "csv", "--since", "2026-01-01",
                "--until", "2026-12-31T23:59:59", *extra]  # fmt: skip
        result = CliRunner().invoke(cli, args, env=env)
        assert result.exit_code == 0, (result.output, result.exception)
        assert result.stdout.splitlines()[0].split(",")[0] in ("position", "seq")
