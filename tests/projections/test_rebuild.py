"""A rebuild replays from 0 into shadow tables and swaps them in: equal, atomic, repeatable."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Column,
    Connection,
    Engine,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    func,
    insert,
    inspect,
    select,
)

from projections.audit.projector import AuditProjector
from projections.projector import Projector, handles
from projections.rebuild import rebuild
from projections.runner import Runner
from projections.schema import NAMING_CONVENTION, audit_entries
from tests.projections.toy import Account, BalanceProjector, ToyApp, balances, seed, toy_balances


def _rows(engine: Engine, table: Any) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(select(table).order_by(*table.primary_key.columns)))


def test_given_a_projection_when_rebuilt_twice_then_it_equals_the_incremental_one(
    app: ToyApp, engine: Engine
) -> None:
    seed(app, accounts=3, deposits=5)
    balance = Runner(app, engine, BalanceProjector(), batch_size=4)
    audit = Runner(app, engine, AuditProjector(), batch_size=4)
    balance.catch_up()
    audit.catch_up()
    before = (_rows(engine, toy_balances), _rows(engine, audit_entries))

    assert rebuild(balance) == 21 and rebuild(audit) == 21
    assert rebuild(balance) == 21  # index names survive a second swap

    assert (_rows(engine, toy_balances), _rows(engine, audit_entries)) == before
    assert balance.status().position == audit.status().position == 21


class Watching(BalanceProjector):
    """While the shadow fills, looks at the live table through another connection."""

    seen: list[Any] = []
    engine: Engine
    app: ToyApp
    extra: list[Account] = []

    def deposited(self, conn: Connection, position: int, e: Account.Deposited) -> None:
        super().deposited(conn, position, e)
        if self.t["toy_balances"] is toy_balances:
            return
        with self.engine.connect() as other:
            Watching.seen.append(balances(other))
        if Watching.extra:  # new events while the rebuild runs
            self.app.save(Watching.extra.pop())


def test_given_readers_and_writers_during_a_rebuild_then_they_never_see_it_half_done(
    app: ToyApp, engine: Engine
) -> None:
    ids = seed(app, accounts=2, deposits=4)
    live = Runner(app, engine, BalanceProjector(), batch_size=3)
    live.catch_up()
    old = _rows(engine, toy_balances)
    late: Account = app.repository.get(ids[0])
    late.deposit(5000)
    Watching.engine, Watching.app, Watching.extra, Watching.seen = engine, app, [late], []

    rebuild(Runner(app, engine, Watching(), batch_size=3, name=live.name))
    live.catch_up()

    assert Watching.seen and all(snapshot == old for snapshot in Watching.seen)
    with engine.connect() as conn:
        total = conn.execute(select(func.sum(toy_balances.c.balance))).scalar_one()
    assert total == 2 * (100 + 200 + 300 + 400) + 5000


gnarly_metadata = MetaData(naming_convention=NAMING_CONVENTION)
gnarly = Table(
    "toy_gnarly",
    gnarly_metadata,
    Column("account_id", String(64), primary_key=True),
    Column("code", String(80), unique=True, nullable=False),
    Column("deposits", Integer, index=True, nullable=False),
    Column("total", Integer, nullable=False),
    CheckConstraint("total >= 0", name="total_not_negative"),
    UniqueConstraint("deposits", "total"),
    Index(None, "total", unique=True),
)


class GnarlyProjector(Projector):
    """Constraints of every kind, to prove their names survive repeated swaps."""

    name = "toy_gnarly"
    tables = (gnarly,)

    @handles(Account.Opened)
    def opened(self, conn: Connection, position: int, e: Account.Opened) -> None:
        conn.execute(
            insert(self.t["toy_gnarly"]).values(
                account_id=str(e.originator_id),
                code=f"c{position}",
                deposits=position,
                total=position,
            )
        )


def _names(engine: Engine) -> set[str | None]:
    found = inspect(engine)
    return {
        *(i["name"] for i in found.get_indexes("toy_gnarly")),
        *(u["name"] for u in found.get_unique_constraints("toy_gnarly")),
        *(c["name"] for c in found.get_check_constraints("toy_gnarly")),
    }


def test_given_constraints_of_every_kind_when_rebuilt_twice_then_their_names_stay(
    app: ToyApp, engine: Engine
) -> None:
    gnarly_metadata.create_all(engine)
    seed(app, accounts=3, deposits=1)
    runner = Runner(app, engine, GnarlyProjector())
    runner.catch_up()
    names = _names(engine)
    rows = _rows(engine, gnarly)

    rebuild(runner)
    rebuild(runner)

    assert _names(engine) == names
    assert {"uq_toy_gnarly_code", "ck_toy_gnarly_total_not_negative"} <= names
    assert _rows(engine, gnarly) == rows and len(rows) == 3
