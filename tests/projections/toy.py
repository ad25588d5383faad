"""A toy event-sourced domain for the projection tests (independent of the real domain)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import JSONTranscoder, Transcoding
from sqlalchemy import BigInteger, Column, Connection, MetaData, String, Table, select, update

from projections.projector import Projector, handles
from projections.schema import NAMING_CONVENTION


@dataclass(frozen=True)
class ToyActor:
    user_id: str
    role: str
    patient_id: UUID | None = None


class ToyActorAsDict(Transcoding):
    type = ToyActor
    name = "toy_actor"

    def encode(self, obj: ToyActor) -> dict[str, Any]:
        return {"user_id": obj.user_id, "role": obj.role, "patient_id": obj.patient_id}

    def decode(self, data: dict[str, Any]) -> ToyActor:
        return ToyActor(**data)


STAFF = ToyActor("staff-1", "service_staff")


class Patient(Aggregate):
    @event("Registered")
    def __init__(self, name: str, phone: str, id_number: str, sex: str, actor: ToyActor) -> None:
        self.name = name


class Account(Aggregate):
    class Opened(Aggregate.Created):
        patient_id: UUID
        owner_name: str
        actor: ToyActor

    class Deposited(Aggregate.Event):
        amount: int
        actor: ToyActor
        correlation_id: str

    @event(Opened)
    def __init__(self, patient_id: UUID, owner_name: str, actor: ToyActor) -> None:
        self.patient_id = patient_id
        self.balance = 0
        self.deposits = 0

    def deposit(self, amount: int, actor: ToyActor = STAFF) -> None:
        self._deposited(amount=amount, actor=actor, correlation_id=f"c-{amount}")

    @event(Deposited)
    def _deposited(self, amount: int, actor: ToyActor, correlation_id: str) -> None:
        self.balance += amount
        self.deposits += 1


class ToyApp(Application[UUID]):
    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(ToyActorAsDict())


def seed(app: ToyApp, accounts: int = 3, deposits: int = 4) -> list[UUID]:
    """Patients with accounts and deposits: accounts × (2 + deposits) events."""
    ids: list[UUID] = []
    for n in range(accounts):
        patient = Patient(f"Zhang San {n}", "13800138000", "110101199003077777", "f", STAFF)
        account = Account(patient.id, f"Zhang San {n}", STAFF)
        for amount in range(1, deposits + 1):
            account.deposit(amount * 100, ToyActor(f"proxy-{n}", "proxy", patient.id))
        app.save(patient, account)
        ids.append(account.id)
    return ids


toy_metadata = MetaData(naming_convention=NAMING_CONVENTION)
toy_balances = Table(
    "toy_balances",
    toy_metadata,
    Column("account_id", String(64), primary_key=True),
    Column("balance", BigInteger, nullable=False),
    Column("deposits", BigInteger, nullable=False),
    Column("last_position", BigInteger, nullable=False, index=True),
)


class BalanceProjector(Projector):
    """Deliberately NOT idempotent (adds on every delivery): any double count shows."""

    name = "toy_balances"
    tables = (toy_balances,)
    delay = 0.0

    @handles(Account.Opened)
    def opened(self, conn: Connection, position: int, e: Account.Opened) -> None:
        row = {"account_id": str(e.originator_id), "balance": 0, "deposits": 0}
        conn.execute(self.t["toy_balances"].insert().values(**row, last_position=position))

    @handles(Account.Deposited)
    def deposited(self, conn: Connection, position: int, e: Account.Deposited) -> None:
        if self.delay:  # lets the crash test kill a worker in the middle of a batch
            time.sleep(self.delay)
        t = self.t["toy_balances"]
        conn.execute(
            update(t)
            .where(t.c.account_id == str(e.originator_id))
            .values(
                balance=t.c.balance + e.amount, deposits=t.c.deposits + 1, last_position=position
            )
        )


def balances(conn: Connection) -> Sequence[Any]:
    return conn.execute(select(toy_balances).order_by(toy_balances.c.account_id)).all()
