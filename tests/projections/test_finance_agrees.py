"""Finance agrees with the domain: after any command sequence, the balances are the aggregate's."""

from __future__ import annotations

import contextlib
import tempfile
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from uuid import UUID, uuid4

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from application.settings import Settings
from domain.context import Actor
from domain.errors import DomainError
from domain.ledger import EntitlementLedger, ledger_id_for
from domain.money import Money
from domain.quote import RefundScope, item_values
from domain.subscription import Subscription
from domain.terms import RefundPolicy
from projections.finance import queries
from projections.finance.writes import redeemed_value
from tests.clinic import ALL_PROXY_RIGHTS, GRANDSON
from tests.fixtures import DOCTOR, FINANCE, INTAKE, LEAD, MALL, STAFF, annual_package, proxy_actor
from tests.projections.finance_world import FinanceWorld, finance_world

OPS = (
    "buy", "consult", "unsuitable", "intake", "receipt", "claim", "confirm", "dispute",
    "reverse", "uphold", "items", "remaining", "goodwill", "agree", "approve_lead",
    "approve_finance", "reject", "withdraw", "pay", "fail", "later",
)  # fmt: skip
Step = tuple[str, int, int]
# The refund and redemption steps weigh more: a refund needs several steps in order.
WEIGHTED = (
    *OPS, "receipt", "claim", "confirm", "items", "goodwill", "remaining",
    "approve_lead", "approve_finance", "pay", "pay", "fail",
)  # fmt: skip
steps = st.lists(
    st.tuples(st.sampled_from(WEIGHTED), st.integers(0, 7), st.integers(0, 250_000)),
    min_size=4,
    max_size=40,
)


@dataclass
class Run:
    """The ids a random run has made so far, to pick its next targets from."""

    fw: FinanceWorld
    packages: list[UUID]
    patient: UUID
    subs: list[UUID] = field(default_factory=list)
    refunds: list[tuple[UUID, Actor]] = field(default_factory=list)
    claims: list[UUID] = field(default_factory=list)
    n: int = 0

    def pick(self, ids: list[UUID], i: int) -> UUID:
        """Mostly the newest: the one a realistic next command is about."""
        return ids[-1 - (i % len(ids)) // 3]


def _refund(run: Run, op: str, sub: UUID, i: int, fen: int) -> None:
    w = run.fw.clinic
    actor = proxy_actor(GRANDSON, run.patient) if i % 2 else STAFF
    codes = ("follow_up", "escort", "education", "band")
    scope = RefundScope("items", {codes[i % 4]: 1 + i // 4}) if op == "items" else RefundScope(op)
    refund = uuid4()
    asked = Money(fen % 80_000) if op == "goodwill" or i % 3 == 0 else None
    w.app.request_refund(
        refund, sub, scope=scope, reason_code="other", reason_text="", requested_amount=asked,
        ctx=w.c(actor),
    )  # fmt: skip
    run.refunds.append((refund, actor))


def _step(run: Run, op: str, i: int, fen: int) -> None:
    w, app = run.fw.clinic, run.fw.clinic.app
    run.n += 1
    if op == "buy" or not run.subs:
        run.subs.append(_buy(run, i))
        if i % 4:  # most purchases go on to start
            w.activate(run.subs[-1], run.patient)
        return
    sub = run.pick(run.subs, i)
    refund, requester = (
        run.refunds[-1 - (i // 6) % len(run.refunds)] if run.refunds else (uuid4(), STAFF)
    )
    if op not in ("items", "remaining", "goodwill"):
        fen %= 60_000  # amounts agreed are mostly within what is refundable
    if op in ("consult", "unsuitable"):
        app.record_consultation(sub, op == "consult", "notes", w.c(DOCTOR))
    elif op == "intake":
        app.submit_intake(sub, INTAKE, w.c(proxy_actor(GRANDSON, run.patient)))
    elif op == "receipt":
        kind = ("follow_up", "education", "add_on_product")[i % 3]
        app.receive_receipt("src", f"R-{run.n}", run.patient, kind, w.clock.now(), w.c(MALL))
    elif op == "claim":
        claim = uuid4()
        app.claim_redemption(claim, sub, "escort", "", w.c(STAFF))
        run.claims.append(claim)
    elif op in ("confirm", "dispute", "reverse", "uphold") and run.claims:
        claim = run.pick(run.claims, i)
        if op == "confirm":
            app.confirm_redemption(claim, w.c(proxy_actor(GRANDSON, run.patient)))
        elif op == "dispute":
            app.dispute_redemption(claim, "not done", w.c(proxy_actor(GRANDSON, run.patient)))
        else:
            getattr(app, f"{op}_redemption")(claim, "checked", w.c(LEAD))
    elif op in ("items", "remaining", "goodwill"):
        _refund(run, op, sub, i, fen)
    elif op == "agree":
        app.agree_refund(refund, Money(fen), "call", w.c(STAFF))
    elif op.startswith("approve"):
        app.approve_refund(refund, w.c(LEAD if op == "approve_lead" else FINANCE))
    elif op == "reject":
        app.reject_refund(refund, "no", w.c(LEAD))
    elif op == "withdraw":
        app.withdraw_refund(refund, w.c(requester))
    elif op in ("pay", "fail"):
        app.record_refund_payment(
            refund, paid=op == "pay", provider_ref=f"RF-{run.n}", amount=None, reason="bank",
            ctx=w.c(MALL),
        )  # fmt: skip
    elif op == "later":
        w.clock.advance(timedelta(days=1 + i))


def _buy(run: Run, i: int) -> UUID:
    package = run.pick(run.packages, i)
    price = "1999.00" if package == run.packages[0] else "1000.01"
    return run.fw.clinic.buy(package, run.patient, price=price)


def _check(run: Run) -> None:
    app, engine = run.fw.clinic.app, run.fw.engine
    for sub_id in run.subs:
        sub = app.load(Subscription, sub_id)
        balance = queries.balance(engine, sub_id)
        assert balance is not None
        assert balance["paid"] == sub.amount_paid.fen
        assert balance["refunded"] == sub.refunded
        assert balance["refundable"] == sub.refundable
        assert balance["committed"] == sub.committed
        delivered = 0
        if sub.started:
            values = item_values(sub.amount_paid.fen, sub.terms.content.items)
            usage = app.load(EntitlementLedger, ledger_id_for(sub_id)).usage()
            delivered = sum(
                redeemed_value(values[i.code], i.quantity, usage[i.code].redeemed)
                for i in sub.terms.content.items
            )
        assert balance["redeemed_value"] == delivered
        assert balance["undelivered_value"] == max(
            0, sub.amount_paid.fen - delivered - sub.refunded
        )
        for refund in sub.refunds.values():
            row = queries.refund(engine, refund.refund_id)
            assert row is not None
            assert (row["status"], row["approved_amount"], row["paid_amount"]) == (
                refund.status, refund.approved_amount, refund.paid_amount,
            )  # fmt: skip


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(steps)
def test_given_any_command_sequence_then_finance_agrees_with_the_domain(
    commands: list[Step],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = Settings(database_url=f"sqlite:///{Path(tmp) / 'events.db'}", data_dir=Path(tmp))
        with finance_world(store) as fw:
            pro_rata = RefundPolicy(full_before_start=False, cooling_off_days=0, fee_pct=7)
            packages = [
                fw.clinic.publish(),
                fw.clinic.publish(annual_package(price="1000.01", policy=pro_rata)),
            ]
            run = Run(fw, packages, fw.clinic.patient(proxy_rights=ALL_PROXY_RIGHTS))
            for op, i, fen in commands:
                with contextlib.suppress(DomainError):  # a refused command changes nothing
                    _step(run, op, i, fen)
                if run.n % 7 == 0:
                    fw.project()  # catch up part-way too, so batches split anywhere
            fw.project()
            _check(run)
