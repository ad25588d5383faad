"""What one dashboard batch reads up front: every row of the patients its events concern.

Every dashboard fact belongs to one patient (packages aside), so a batch first works out
its events' patients (from the events, the projector's owner cache, or two lookups),
then loads all of those patients' rows with one read per table. The handlers then run
in memory; `refresh.finish` derives the computed rows and writes everything once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table, select

from domain.care import EpisodeCare
from domain.ledger import EntitlementLedger, ledger_id_for
from domain.package import ServicePackage
from domain.patient import Patient
from domain.refunds import SubscriptionRefunds
from domain.subscription import Subscription
from projections.batch_projector import Event
from projections.lowlevel.batch_reads import Read, any_of, keys, name, read_all
from projections.lowlevel.batch_rows import Row, Rows, chunks, one_of

DONE = ("redeemed", "confirmed", "upheld")
DERIVED = ("status", "units_granted", "units_redeemed", "refund_approved")


class State:
    """The batch's rows, what it touched, and each subscription's derived values before."""

    def __init__(self, t: Mapping[str, Table], owners: dict[str, str]) -> None:
        self.t, self.owners = t, owners
        self.registrations = Rows(t["dash_registrations"], ("patient_id",))
        self.episodes = Rows(t["dash_episodes"], ("episode_id",), ("patient_id",))
        self.follow_ups = Rows(t["dash_follow_ups"], ("follow_up_id",), ("episode_id",))
        self.packages = Rows(t["dash_packages"], ("package_id",))
        self.recommendations = Rows(t["dash_recommendations"], ("position",), ("patient_id",))
        self.subscriptions = Rows(
            t["dash_subscriptions"], ("subscription_id",), ("patient_id", "ledger_id")
        )
        sub = ("subscription_id",)
        self.entitlements = Rows(t["dash_entitlements"], ("subscription_id", "item_code"), sub)
        self.revocations = Rows(t["dash_revocations"], ("refund_id", "item_code"), sub)
        self.redemptions = Rows(t["dash_redemptions"], ("redemption_id",), sub)
        self.refunds = Rows(t["dash_refunds"], ("refund_id",), sub)
        self.timeline: list[Row] = []
        self.patients: set[str] = set()  # whose list rows to rewrite
        self.episodes_touched: set[str] = set()  # whose next follow-up to recompute
        self.subs_touched: set[str] = set()  # whose units and package counters to redo
        self.done_before: Counter[tuple[str, str]] = Counter()  # see `done_by_week`
        self.before: dict[str, tuple[Any, ...]] = {}  # subscription -> DERIVED as first seen

    def facts(self) -> tuple[Rows, ...]:
        return (
            self.registrations, self.episodes, self.follow_ups, self.packages,
            self.recommendations, self.subscriptions, self.entitlements, self.revocations,
            self.redemptions, self.refunds,
        )  # fmt: skip

    def remember(self, sub: Row) -> None:
        """Note a subscription's derived values when first seen (package counters move by
        the difference at the end of the batch)."""
        self.before.setdefault(str(sub["subscription_id"]), tuple(sub[c] for c in DERIVED))

    def sub_changed(self, subscription_id: str, **changes: Any) -> Row | None:
        """Apply `changes`; its units, counters and patient rows are redone at the end."""
        row = self.subscriptions.change(subscription_id, **changes)
        if row is not None:
            self.subs_touched.add(subscription_id)
        return row

    def load(self, conn: Connection, events: Sequence[Event]) -> None:
        """Read the rows of the events' patients and packages (one round trip on PostgreSQL)."""
        patients, packages = self._patients(conn, events), _package_ids(events)
        of_patients = any_of(conn, "patient_id")
        subs = f"FROM {name(conn, self.t['dash_subscriptions'])} WHERE {of_patients}"
        who = keys(conn, patients)
        reads: list[Read] = [
            (self.packages, any_of(conn, "package_id"), [keys(conn, packages)]),
            (self.packages, f"package_id IN (SELECT package_id {subs})", [who]),
        ]
        per_patient = (
            self.registrations, self.episodes, self.follow_ups, self.subscriptions,
            self.recommendations, self.refunds, self.redemptions,
        )  # fmt: skip
        reads += [(rows, of_patients, [who]) for rows in per_patient]
        by_subscription = f"subscription_id IN (SELECT subscription_id {subs})"
        reads += [(rows, by_subscription, [who]) for rows in (self.entitlements, self.revocations)]
        read_all(conn, reads if patients else reads[:1])
        self.done_before = done_by_week(self.redemptions.rows.values())
        for sub in self.subscriptions.rows.values():
            self.remember(sub)

    def _patients(self, conn: Connection, events: Sequence[Event]) -> set[str]:
        """The patients of these events; fills the owner cache (aggregate -> patient)."""
        owners, unknown, patients = self.owners, set(), set()
        for _, event in events:
            origin = str(event.originator_id)
            if isinstance(event, Patient.Event):
                patients.add(origin)
                continue
            if hasattr(event, "patient_id"):
                owners[origin] = str(event.patient_id)
                if isinstance(event, Subscription.Purchased):
                    owners[str(ledger_id_for(event.originator_id))] = owners[origin]
            if origin in owners:
                patients.add(owners[origin])
            elif isinstance(event, OWNED):
                unknown.add(origin)
        if unknown:
            self._look_up(conn, unknown)
            patients.update(owners[o] for o in unknown if o in owners)
        return patients

    def _look_up(self, conn: Connection, origins: set[str]) -> None:
        episodes, subs = self.t["dash_episodes"], self.t["dash_subscriptions"]
        for part in chunks(origins):
            query = select(episodes.c.episode_id, episodes.c.patient_id)
            for episode_id, patient_id in conn.execute(
                query.where(one_of(conn, episodes.c.episode_id, part))
            ):
                self.owners[str(episode_id)] = str(patient_id)
            for column in (subs.c.subscription_id, subs.c.ledger_id):
                query = select(column, subs.c.patient_id).where(one_of(conn, column, part))
                for origin, patient_id in conn.execute(query):
                    self.owners[str(origin)] = str(patient_id)


def done_by_week(redemptions: Iterable[Row]) -> Counter[tuple[str, str]]:
    """Done redemptions per (department, ISO week). Done is final and its week never
    changes, so a week's counter moves by the batch's difference of these counts."""
    return Counter(
        (r["department"], r["iso_week"])
        for r in redemptions
        if r["status"] in DONE and r["department"] is not None and r["iso_week"] is not None
    )


# Events whose aggregate's patient is found in the dashboard's rows.
OWNED = (EpisodeCare.Event, SubscriptionRefunds.Event, EntitlementLedger.Event)


def _package_ids(events: Sequence[Event]) -> set[str]:
    found: set[str] = set()
    for _, event in events:
        if isinstance(event, ServicePackage.Event):
            found.add(str(event.originator_id))
        elif isinstance(event, EpisodeCare.PackageRecommended):
            found.add(str(event.package_id))
        elif isinstance(event, Subscription.Purchased):
            found.add(str(event.terms.package_id))
    return found
