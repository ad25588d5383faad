"""The audit projection: entries with actor, patient and a safe summary, chained as documented."""

from __future__ import annotations

import hashlib
import re
import struct
import subprocess
import sys
from pathlib import Path
from typing import Any
from uuid import UUID

from sqlalchemy import Engine, select

from application.settings import Settings
from application.store import event_store_environment, generate_cipher_key
from projections.audit.as_of import state_as_of
from projections.audit.projector import AuditProjector
from projections.audit.queries import AuditFilter, list_audit_entries
from projections.audit.verify import verify_chain
from projections.runner import Runner
from projections.schema import audit_entries
from tests.projections.toy import STAFF, Account, ToyApp, seed

DOC = Path(__file__).resolve().parents[2] / "docs" / "audit-chain.md"


def _entries(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(select(audit_entries).order_by(audit_entries.c.position)))


def _recipe(app: ToyApp) -> list[tuple[int, str]]:
    """The documented recipe, written independently of projections.audit.chain."""
    digest, out = bytes(32), []
    for n in app.recorder.select_notifications(start=1, limit=10_000):
        fields = [b"%d" % n.id, str(n.originator_id).encode(), b"%d" % n.originator_version]
        fields += [n.topic.encode("utf-8"), n.state]
        record = b"".join(struct.pack(">I", len(f)) + f for f in fields)
        digest = hashlib.sha256(digest + record).digest()
        out.append((n.id, digest.hex()))
    return out


def test_given_events_when_audited_then_each_has_actor_patient_and_a_redacted_summary(
    app: ToyApp, engine: Engine
) -> None:
    [account_id] = seed(app, accounts=1, deposits=1)
    account: Account = app.repository.get(account_id)
    account.deposit(7, STAFF)  # staff names no patient: the account's patient is learnt
    app.save(account)

    Runner(app, engine, AuditProjector(), batch_size=2).catch_up()
    registered, opened, by_proxy, by_staff = _entries(engine)

    patient = str(account.patient_id)
    assert (registered.aggregate_type, registered.event_type) == ("Patient", "Registered")
    assert registered.patient_id == patient and registered.actor_id == "staff-1"
    assert registered.summary == (
        "Registered name=[redacted] phone=[redacted] id_number=[redacted] sex=f"
    )
    assert "Zhang" not in " ".join(e.summary for e in _entries(engine))
    assert (opened.aggregate_type, opened.patient_id) == ("Account", patient)
    assert (by_proxy.actor_id, by_proxy.actor_role) == ("proxy-0", "proxy")
    assert (by_staff.actor_id, by_staff.patient_id) == ("staff-1", patient)
    assert by_staff.summary == "Deposited amount=7"
    assert by_staff.correlation_id == "c-7" and by_staff.occurred_at.tzinfo is not None
    found = list_audit_entries(engine, AuditFilter(patient_id=patient, actor_id="staff-1"))
    assert [e["position"] for e in found] == [1, 2, 4]


def test_given_an_audited_store_when_recomputing_by_the_recipe_then_hashes_agree(
    app: ToyApp, engine: Engine
) -> None:
    seed(app, accounts=3, deposits=3)
    Runner(app, engine, AuditProjector(), batch_size=4).catch_up()

    assert [(e.position, e.hash) for e in _entries(engine)] == _recipe(app)


def test_given_the_doc_script_when_run_on_the_store_then_it_prints_the_recorded_chain(
    app: ToyApp, engine: Engine, settings: Settings, tmp_path: Path
) -> None:
    seed(app, accounts=2, deposits=2)
    Runner(app, engine, AuditProjector()).catch_up()
    [script] = re.findall(r"```python\n(\"\"\"Recompute.*?)```", DOC.read_text(), re.S)
    (tmp_path / "chain.py").write_text(script)
    env = event_store_environment(settings)
    if settings.is_postgres:
        target, table = settings.event_store_url(), "toyapp_events"
    else:
        target, table = env["SQLITE_DBNAME"], "stored_events"

    out = subprocess.run(
        [sys.executable, str(tmp_path / "chain.py"), target, table],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert len(script.strip().splitlines()) <= 26
    assert out.split() == [str(x) for e in _entries(engine) for x in (e.position, e.hash)]


def test_given_an_encrypted_store_when_verified_without_the_key_then_it_passes(
    settings: Settings, engine: Engine
) -> None:
    encrypted = settings.model_copy(update={"cipher_key": generate_cipher_key()})
    writer = ToyApp(env=event_store_environment(encrypted))
    reader = ToyApp(env=event_store_environment(settings))  # no key: raw records only
    try:
        seed(writer, accounts=2, deposits=2)
        Runner(writer, engine, AuditProjector()).catch_up()
        assert b"Zhang" not in b"".join(
            n.state for n in writer.recorder.select_notifications(1, 99)
        )

        result = verify_chain(reader, engine)
    finally:
        writer.close()
        reader.close()

    assert (result.ok, result.checked, result.head.position) == (True, 8, 8)


def test_given_history_when_asking_state_as_of_a_moment_then_later_events_are_ignored(
    app: ToyApp,
) -> None:
    [account_id] = seed(app, accounts=1, deposits=3)
    events: list[Any] = list(app.events.get(account_id))

    then = state_as_of(app, account_id, events[2].timestamp)
    before = state_as_of(app, account_id, events[0].timestamp.replace(year=2000))
    missing = state_as_of(app, UUID(int=1), events[0].timestamp)

    assert isinstance(then.aggregate, Account)
    assert (then.aggregate.balance, then.aggregate.version, len(then.events)) == (300, 3, 3)
    assert before.aggregate is None and before.events == []
    assert missing.aggregate is None
