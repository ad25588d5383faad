"""What one dashboard batch reads up front: every row of the patients its events concern.

Every dashboard fact belongs to one patient (packages aside), so a batch first works out
its events' patients (from the events, the projector's owner cache, or two lookups),
then loads all of those patients' rows with one read per table. The handlers then run
in memory; `refresh.finish` derives the computed rows and writes everything once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table, select

from domain.care import EpisodeCare
from domain.ledger import EntitlementLedger, ledger_id_for
from domain.package import ServicePackage
from domain.patient import Patient
from domain.refunds import SubscriptionRefunds
from domain.subscription import Subscription
from projections.dashboard.memory import Row, Rows, chunks

Event = tuple[int, Any]  # (position, decoded event)
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
        self.weeks: set[tuple[str, str]] = set()  # (department, ISO week) to recount
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
        patients = self._patients(conn, events)
        for rows in (self.registrations, self.episodes, self.follow_ups, self.subscriptions):
            rows.load(conn, "patient_id", patients)
        for rows in (self.recommendations, self.refunds, self.redemptions):
            rows.load(conn, "patient_id", patients)
        subs = list(self.subscriptions.rows)
        self.entitlements.load(conn, "subscription_id", subs)
        self.revocations.load(conn, "subscription_id", subs)
        for sub in self.subscriptions.rows.values():
            self.remember(sub)
        packages = {str(s["package_id"]) for s in self.subscriptions.rows.values()}
        packages.update(_package_ids(events))
        self.packages.load(conn, "package_id", packages)

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
                query.where(episodes.c.episode_id.in_(part))
            ):
                self.owners[str(episode_id)] = str(patient_id)
            for column in (subs.c.subscription_id, subs.c.ledger_id):
                query = select(column, subs.c.patient_id).where(column.in_(part))
                for origin, patient_id in conn.execute(query):
                    self.owners[str(origin)] = str(patient_id)


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
