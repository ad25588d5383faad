"""Tampering with stored events is reported at the right position; checkpoints catch rewrites.

(Truncation, deleted and forged checkpoints, and the access log: test_checkpoints.py.)"""

from __future__ import annotations

from sqlalchemy import Engine, update

from application.settings import Settings
from projections.audit.checkpoints import create_checkpoints
from projections.audit.projector import AuditProjector
from projections.audit.report import verify_audit
from projections.audit.verify import verify_chain
from projections.rebuild import rebuild
from projections.runner import Runner
from projections.schema import audit_checkpoints
from tests.projections.keys import POLICY, SIGNER
from tests.projections.tampering import raw_store_sql as _raw
from tests.projections.toy import ToyApp, seed


def _audited(app: ToyApp, engine: Engine) -> None:
    seed(app, accounts=2, deposits=3)  # positions 1..10
    Runner(app, engine, AuditProjector(), batch_size=3).catch_up()


def test_given_an_untouched_store_when_verified_then_all_is_well(
    app: ToyApp, engine: Engine
) -> None:
    _audited(app, engine)
    create_checkpoints(engine, SIGNER)

    result = verify_audit(app, engine, POLICY, batch=4)

    assert (result.ok, result.checked, result.head.position) == (True, 10, 10)
    assert result.first_bad_position is None and result.failed_checkpoints == []
    assert result.signatures_checked == 1 and result.warnings == []


def test_given_an_unaudited_tail_when_verified_then_it_is_not_a_failure(
    app: ToyApp, engine: Engine
) -> None:
    _audited(app, engine)
    seed(app, accounts=1, deposits=1)

    assert verify_chain(app, engine).ok


def test_given_altered_bytes_when_verified_then_the_position_is_named(
    app: ToyApp, engine: Engine, settings: Settings
) -> None:
    _audited(app, engine)
    _raw(settings, "UPDATE {t} SET state = ? WHERE {id} = 4", b'{"amount":99999}')

    result = verify_chain(app, engine, batch=3)

    assert (result.ok, result.first_bad_position, result.checked) == (False, 4, 3)
    assert result.problem is not None and result.problem.startswith("altered")
    assert result.head.position == 3


def test_given_a_deleted_event_when_verified_then_its_position_is_named(
    app: ToyApp, engine: Engine, settings: Settings
) -> None:
    _audited(app, engine)
    _raw(settings, "DELETE FROM {t} WHERE {id} = 7")

    result = verify_chain(app, engine)

    assert (result.ok, result.first_bad_position) == (False, 7)
    assert result.problem is not None and result.problem.startswith("removed")


def test_given_the_last_event_deleted_when_verified_then_its_position_is_named(
    app: ToyApp, engine: Engine, settings: Settings
) -> None:
    _audited(app, engine)
    _raw(settings, "DELETE FROM {t} WHERE {id} = 10")

    assert verify_chain(app, engine).first_bad_position == 10


def test_given_a_record_inserted_into_a_gap_when_verified_then_its_position_is_named(
    app: ToyApp, engine: Engine, settings: Settings
) -> None:
    seed(app, accounts=1, deposits=3)  # 1..5
    _raw(settings, "DELETE FROM {t} WHERE {id} = 3")  # a gap, as a rolled-back insert leaves
    Runner(app, engine, AuditProjector()).catch_up()
    forged = "INSERT INTO {t} ({id}, originator_id, originator_version, topic, state) "
    originator = "00000000000000000000000000000001"
    if settings.is_postgres:
        originator = "00000000-0000-0000-0000-000000000001"
    _raw(settings, forged + "VALUES (3, ?, 1, 'x:Account.Deposited', ?)", originator, b"{}")

    result = verify_chain(app, engine)

    assert (result.ok, result.first_bad_position, result.checked) == (False, 3, 2)
    assert result.problem is not None and result.problem.startswith("inserted")


def test_given_a_tampered_checkpoint_when_verified_then_it_fails(
    app: ToyApp, engine: Engine
) -> None:
    _audited(app, engine)
    [checkpoint] = create_checkpoints(engine, SIGNER)
    assert checkpoint.count == 10
    with engine.begin() as conn:
        conn.execute(update(audit_checkpoints).values(count=9))

    result = verify_audit(app, engine, POLICY)

    assert result.problem is None
    assert not result.ok
    assert [f.position for f in result.failed_checkpoints] == [10]
    assert "signature" in result.failed_checkpoints[0].reason


def test_given_store_and_chain_rewritten_together_when_verified_then_the_checkpoint_fails(
    app: ToyApp, engine: Engine, settings: Settings
) -> None:
    _audited(app, engine)
    create_checkpoints(engine, SIGNER)
    [stored] = app.recorder.select_notifications(start=4, limit=1)
    assert b'"amount":200' in stored.state
    forged = stored.state.replace(b'"amount":200', b'"amount":900')
    _raw(settings, "UPDATE {t} SET state = ? WHERE {id} = 4", forged)
    runner = Runner(app, engine, AuditProjector())
    rebuild(runner)  # an attacker without the key recomputes the whole chain

    result = verify_audit(app, engine, POLICY)

    assert result.problem is None and not result.ok
    assert result.failed_checkpoints[0].reason.startswith("chain hash or count")
