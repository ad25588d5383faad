"""Signed checkpoints catch what the chains alone cannot: truncation, deleted and forged
checkpoints, on the events chain and the access log alike."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, delete, insert, update

from application.settings import Settings
from projections.audit.access_log import record_access, verify_access_log
from projections.audit.checkpoint_log import CheckpointLog
from projections.audit.checkpointing import make_checkpoints
from projections.audit.checkpoints import ACCESS_LOG, EVENTS, Checkpoint, Signer, create_checkpoints
from projections.audit.projector import AuditProjector
from projections.audit.report import AuditReport, verify_audit
from projections.audit.verify import verify_chain
from projections.runner import Runner
from projections.schema import access_log, audit_checkpoints
from tests.projections.keys import INTERVAL, OTHER_SIGNING_KEY, POLICY, SIGNER
from tests.projections.tampering import truncate_access_log, truncate_events
from tests.projections.toy import ToyApp, seed

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _audited(app: ToyApp, engine: Engine, accesses: int = 4) -> None:
    seed(app, accounts=2, deposits=3)  # positions 1..10
    Runner(app, engine, AuditProjector(), batch_size=3).catch_up()
    for n in range(accesses):
        record_access(engine, actor=f"dr-{n}", role="doctor", patient_id=f"p-{n}",
                      resource="GET /patients", outcome="allowed")  # fmt: skip


def _logged(engine: Engine, tmp_path: Path) -> Path:
    path = tmp_path / "checkpoints.log"
    make_checkpoints(engine, SIGNER, CheckpointLog(path))
    return path


def _verify(app: ToyApp, engine: Engine, log: Path | None = None, **kw: object) -> AuditReport:
    policy = dataclasses.replace(POLICY, log_path=log, log_required=log is not None)
    return verify_audit(app, engine, policy, **kw)  # type: ignore[arg-type]


def _reasons(report: AuditReport) -> list[tuple[int, str]]:
    return [(f.position, f.reason) for f in report.failed_checkpoints]


def test_given_a_checkpoint_when_the_newest_events_are_cut_off_then_verify_fails_truncated(
    app: ToyApp, engine: Engine, settings: Settings
) -> None:
    _audited(app, engine)
    create_checkpoints(engine, SIGNER)
    truncate_events(settings, engine, keep=7)
    assert verify_chain(app, engine).ok  # the chain alone cannot see it

    report = _verify(app, engine)

    assert not report.ok and report.access_log.ok
    assert (report.head.position, report.checked, report.first_bad_position) == (7, 7, 8)
    assert report.problem is not None and report.problem.startswith("truncated")
    assert "checkpoint signed position 10 (10 entries)" in report.problem
    assert _reasons(report) == [(10, "beyond the end of the chain (entries removed)")]


def test_given_the_checkpoint_log_when_checkpoint_rows_are_deleted_then_verify_fails(
    app: ToyApp, engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    _audited(app, engine)
    log = _logged(engine, tmp_path)
    assert _verify(app, engine, log).ok
    with engine.begin() as conn:
        conn.execute(delete(audit_checkpoints))  # hide the checkpoints...
    truncate_events(settings, engine, keep=7)  # ...and the newest events

    report = _verify(app, engine, log)

    assert not report.ok and report.problem is not None
    assert report.problem.startswith("truncated")  # known from the log alone
    assert (10, "in the checkpoint log, missing from the database") in _reasons(report)
    missing = "in the checkpoint log, missing from the database"
    assert [f.reason for f in report.access_log.failed_checkpoints] == [missing]
    assert report.checkpoint_log is not None and report.checkpoint_log.checkpoints == 2


def test_given_a_checkpoint_signed_with_another_key_when_verified_then_it_is_caught(
    app: ToyApp, engine: Engine, settings: Settings
) -> None:
    _audited(app, engine)
    [real, _] = create_checkpoints(engine, SIGNER)
    truncate_events(settings, engine, keep=7)
    with engine.begin() as conn:  # the attacker replaces the checkpoint by their own
        conn.execute(delete(audit_checkpoints).where(audit_checkpoints.c.chain == EVENTS))
    [forged, _] = create_checkpoints(engine, Signer(OTHER_SIGNING_KEY))
    impostor = dataclasses.replace(forged, key_id=real.key_id, created_at=T0)
    with engine.begin() as conn:  # and one that claims the real key's id
        conn.execute(insert(audit_checkpoints).values(**vars(impostor)))

    report = _verify(app, engine)

    assert not report.ok and report.problem is None  # the cut itself went unseen...
    assert sorted(r for _, r in _reasons(report)) == [  # ...but not the forgeries
        "signature does not verify (checkpoint forged or altered)",
        f"signed by an unknown key ({forged.key_id})",
    ]
    assert [f.reason for f in report.access_log.failed_checkpoints] == [
        f"signed by an unknown key ({forged.key_id})"  # the attacker's access-log checkpoint
    ]


def test_given_access_log_checkpoints_when_entries_are_cut_off_then_verify_fails(
    app: ToyApp, engine: Engine
) -> None:
    _audited(app, engine, accesses=5)
    create_checkpoints(engine, SIGNER)
    truncate_access_log(engine, keep=3)
    assert verify_access_log(engine).ok  # the chain alone cannot see it

    report = _verify(app, engine)

    assert not report.ok and report.problem is None
    found = report.access_log
    assert found.problem is not None and found.problem.startswith("truncated")
    assert (found.head.position, found.first_bad_position) == (3, 4)


def test_given_access_log_checkpoints_when_an_entry_is_altered_or_deleted_then_verify_fails(
    app: ToyApp, engine: Engine
) -> None:
    _audited(app, engine, accesses=6)
    create_checkpoints(engine, SIGNER)
    with engine.begin() as conn:
        conn.execute(update(access_log).where(access_log.c.seq == 2).values(outcome="denied"))
        conn.execute(delete(access_log).where(access_log.c.seq == 5))

    report = _verify(app, engine)

    assert not report.ok and report.problem is None
    assert report.access_log.first_bad_position == 2
    assert report.access_log.problem == "altered: entry 2 no longer matches its hash"
    assert [f.reason for f in report.access_log.failed_checkpoints] == [
        "position not reached by a verified chain"
    ]


def test_given_an_old_checkpoint_when_verified_then_it_warns_but_passes(
    app: ToyApp, engine: Engine
) -> None:
    _audited(app, engine)
    create_checkpoints(engine, SIGNER, now=T0)

    fresh = _verify(app, engine, now=T0 + timedelta(seconds=INTERVAL))
    stale = _verify(app, engine, now=T0 + timedelta(seconds=INTERVAL + 61))

    assert fresh.ok and fresh.warnings == [] and fresh.checkpoint_age_seconds == INTERVAL
    assert stale.ok and stale.checkpoint_age_seconds == INTERVAL + 61
    assert stale.access_log.checkpoint_age_seconds == INTERVAL + 61
    assert len(stale.warnings) == 2 and "older than the interval" in stale.warnings[0]
    assert stale.warnings[1].startswith("access log: the newest checkpoint is 361 s old")


def test_given_no_checkpoint_or_no_public_key_when_verified_then_it_says_so(
    app: ToyApp, engine: Engine
) -> None:
    _audited(app, engine)
    unsigned = _verify(app, engine)
    create_checkpoints(engine, SIGNER)
    truncate_access_log(engine, keep=2)
    keyless = verify_audit(app, engine, dataclasses.replace(POLICY, public_keys={}))

    assert unsigned.ok and unsigned.checkpoint_age_seconds is None
    assert any("no signed checkpoint" in w for w in unsigned.warnings)
    assert keyless.signatures_checked == 0 and "no audit public key" in keyless.warnings[0]
    assert not keyless.ok and keyless.access_log.problem is not None  # the rows still count


def test_given_a_log_with_other_lines_when_read_then_checkpoints_are_found_and_bad_ones_named(
    app: ToyApp, engine: Engine, tmp_path: Path
) -> None:
    _audited(app, engine)
    made = create_checkpoints(engine, SIGNER)
    log = tmp_path / "stdout.log"
    lines = [f"2026-03-02T09:00:00Z stdout F {c.line()}" for c in made]
    log.write_text("INFO started\n" + "\n".join(lines) + "\ncarepack-audit-checkpoint/1|x|1\n")

    report = _verify(app, engine, log)

    assert report.ok and report.checkpoint_log is not None
    assert (report.checkpoint_log.checkpoints, report.checkpoint_log.unreadable_lines) == (2, [4])
    assert any("cannot be read: [4]" in w for w in report.warnings)


def test_given_a_stored_checkpoint_changed_when_verified_against_the_log_then_both_are_named(
    app: ToyApp, engine: Engine, tmp_path: Path
) -> None:
    _audited(app, engine)
    log = _logged(engine, tmp_path)
    with engine.begin() as conn:
        conn.execute(update(audit_checkpoints).values(hash="0" * 64))

    report = _verify(app, engine, log)

    assert not report.ok
    assert [r for _, r in _reasons(report)] == [
        "the database's copy differs from the checkpoint log's",
        "signature does not verify (checkpoint forged or altered)",
    ]


def test_given_empty_chains_when_checkpointing_then_nothing_is_signed(engine: Engine) -> None:
    assert create_checkpoints(engine, SIGNER) == []
    record_access(engine, actor="a", role="auditor", patient_id=None, resource="r", outcome="ok")

    [made] = create_checkpoints(engine, SIGNER)

    assert isinstance(made, Checkpoint) and (made.chain, made.position, made.count) == (
        ACCESS_LOG, 1, 1,
    )  # fmt: skip
