"""The access log: appends stay one chain under concurrency; tampering is named; exports stream."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import struct
import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, update

from application.settings import Settings
from projections.audit.access_log import record_access, verify_access_log
from projections.audit.export import export_access_log, export_audit
from projections.audit.projector import AuditProjector
from projections.audit.queries import AccessFilter, AuditFilter, list_access
from projections.engine import create_read_engine
from projections.runner import Runner
from projections.schema import access_log
from tests.projections.toy import ToyApp, seed

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _log(engine: Engine, n: int) -> None:
    for i in range(n):
        record_access(
            engine,
            actor=f"dr-{i % 2}",
            role="doctor",
            patient_id=f"p-{i % 3}",
            resource="patient.detail",
            outcome="allowed" if i % 4 else "denied",
            at=T0 + timedelta(minutes=i),
        )


def test_given_appends_from_many_workers_when_verified_then_the_chain_is_whole(
    settings: Settings, engine: Engine
) -> None:
    engines = [create_read_engine(settings) for _ in range(4)]  # as separate API processes
    threads = [threading.Thread(target=_log, args=(e, 10)) for e in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for other in engines:
        other.dispose()

    result = verify_access_log(engine, batch=7)

    assert (result.ok, result.checked, result.head.position) == (True, 40, 40)


def test_given_entries_when_recomputed_by_the_documented_recipe_then_hashes_agree(
    engine: Engine,
) -> None:
    _log(engine, 3)
    record_access(engine, actor="a", role="auditor", patient_id=None, resource="r", outcome="ok")
    previous = "0" * 64

    for row in list_access(engine, AccessFilter()):
        fields = [str(row["seq"]), row["at"].strftime("%Y-%m-%dT%H:%M:%S.%f+00:00"), row["actor"]]
        fields += [row["role"], row["patient_id"] or "", row["resource"], row["outcome"]]
        data = b"".join(struct.pack(">I", len(f.encode())) + f.encode() for f in fields)
        assert row["prev_hash"] == previous
        previous = hashlib.sha256(bytes.fromhex(previous) + data).hexdigest()
        assert row["hash"] == previous


def test_given_an_altered_entry_when_verified_then_its_seq_is_named(engine: Engine) -> None:
    _log(engine, 6)
    with engine.begin() as conn:
        conn.execute(update(access_log).where(access_log.c.seq == 5).values(outcome="allowed"))

    result = verify_access_log(engine)

    assert (result.ok, result.first_bad_position, result.checked) == (False, 5, 4)


def test_given_a_removed_entry_when_verified_then_its_seq_is_named(engine: Engine) -> None:
    _log(engine, 6)
    with engine.begin() as conn:
        conn.execute(delete(access_log).where(access_log.c.seq == 2))

    result = verify_access_log(engine)

    assert (result.ok, result.first_bad_position) == (False, 2)
    assert result.problem is not None and result.problem.startswith("removed")


def test_given_entries_when_exported_with_a_time_window_then_both_formats_agree(
    engine: Engine,
) -> None:
    _log(engine, 12)
    window = AccessFilter(since=T0 + timedelta(minutes=2), until=T0 + timedelta(minutes=9))

    lines = "".join(export_access_log(engine, "jsonl", window, batch=3)).splitlines()
    rows = list(csv.DictReader(io.StringIO("".join(export_access_log(engine, "csv", window)))))

    assert [json.loads(line)["seq"] for line in lines] == list(range(3, 10))
    assert [int(row["seq"]) for row in rows] == list(range(3, 10))
    assert json.loads(lines[0])["at"] == "2026-03-02T09:02:00+00:00"
    assert [e["seq"] for e in list_access(engine, AccessFilter(patient_id="p-1"))] == [2, 5, 8, 11]


def test_given_audit_entries_when_exported_then_rows_stream_in_position_order(
    app: ToyApp, engine: Engine
) -> None:
    seed(app, accounts=2, deposits=3)
    Runner(app, engine, AuditProjector()).catch_up()

    chunks = list(export_audit(engine, "jsonl", AuditFilter(aggregate_type="Account"), batch=3))
    table = list(csv.reader(io.StringIO("".join(export_audit(engine, "csv")))))
    empty = "".join(export_audit(engine, "csv", AuditFilter(until=T0)))

    assert len(chunks) == 3  # 8 rows in batches of 3
    positions = [json.loads(line)["position"] for chunk in chunks for line in chunk.splitlines()]
    assert positions == [2, 3, 4, 5, 7, 8, 9, 10]
    assert table[0][:3] == ["position", "originator_id", "originator_version"]
    assert len(table) == 11
    assert empty.startswith("position,") and empty.count("\n") == 1
