"""The ServicePackage aggregate: a catalogue product, its review lifecycle and versions."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from uuid import UUID

from eventsourcing.domain import event

from domain import limits
from domain.base import CarepackAggregate
from domain.context import Actor, Ctx
from domain.errors import (
    FieldNotEditableAfterPublish,
    InvalidPackage,
    InvalidPackageTransition,
    NotPackageDrafter,
    PackageNotDraft,
    PackageNotPublished,
    ReviewerIsDrafter,
)
from domain.money import Money
from domain.terms import DISPLAY_FIELDS, PackageContent, Terms

STATUSES = ("draft", "in_review", "approved", "rejected", "published", "delisted")
REVISING_LEAD = "service_lead"  # may revise any draft besides its drafter


class ServicePackage(CarepackAggregate):
    class Drafted(CarepackAggregate.Created):
        content: PackageContent
        package_version: int
        predecessor_id: UUID | None

    class Revised(CarepackAggregate.Event):
        content: PackageContent

    class Submitted(CarepackAggregate.Event):
        pass

    class Approved(CarepackAggregate.Event):
        pass

    class Rejected(CarepackAggregate.Event):
        reason: str

    class ReturnedToDraft(CarepackAggregate.Event):
        pass

    class Published(CarepackAggregate.Event):
        pass

    class Delisted(CarepackAggregate.Event):
        reason: str

    class PriceChanged(CarepackAggregate.Event):
        price: Money

    class DisplayChanged(CarepackAggregate.Event):
        texts: dict[str, str]

    @classmethod
    def draft(
        cls,
        package_id: UUID,
        content: PackageContent,
        ctx: Ctx,
        *,
        predecessor: ServicePackage | None = None,
    ) -> ServicePackage:
        content.check()
        if predecessor is not None and predecessor.status not in ("published", "delisted"):
            raise InvalidPackageTransition("a new version is drafted from a published package")
        return cls._create(
            cls.Drafted,
            id=package_id,
            content=content,
            package_version=1 if predecessor is None else predecessor.package_version + 1,
            predecessor_id=None if predecessor is None else predecessor.id,
            **ctx.meta,
        )

    @event(Drafted)
    def __init__(
        self,
        content: PackageContent,
        package_version: int,
        predecessor_id: UUID | None,
        actor: Actor,
        correlation_id: str,
    ) -> None:
        self.content = content
        self.package_version = package_version
        self.predecessor_id = predecessor_id
        self.drafter_id = actor.user_id
        self.author_ids = [actor.user_id]
        self.status = "draft"
        self.reason = ""

    # --- commands ---------------------------------------------------------------
    def revise(self, content: PackageContent, ctx: Ctx) -> None:
        """Only a draft is revised (a rejected package returns to draft first), and only by
        its drafter or a service lead: packages record no department, so a lead of any
        department may (README, "Data scope")."""
        if ctx.actor.user_id != self.drafter_id and ctx.actor.role != REVISING_LEAD:
            raise NotPackageDrafter("a draft is revised by its drafter or a service lead")
        if self.status != "draft":
            raise PackageNotDraft(f"only a draft is revised; this package is {self.status}")
        content.check()
        self._revised(content=content, **ctx.meta)

    def submit(self, ctx: Ctx) -> None:
        self._expect("draft", "submit")
        self._submitted(**ctx.meta)

    def approve(self, ctx: Ctx) -> None:
        self._expect("in_review", "approve")
        self._check_reviewer(ctx)
        self._approved(**ctx.meta)

    def reject(self, reason: str, ctx: Ctx) -> None:
        self._expect("in_review", "reject")
        self._check_reviewer(ctx)
        if not reason.strip():
            raise InvalidPackage("a rejection needs a reason")
        self._rejected(reason=limits.text(reason.strip(), "reason"), **ctx.meta)

    def return_to_draft(self, ctx: Ctx) -> None:
        self._expect("rejected", "return to draft")
        self._returned_to_draft(**ctx.meta)

    def publish(self, ctx: Ctx) -> None:
        self._expect("approved", "publish")
        self._check_reviewer(ctx)
        self._published(**ctx.meta)

    def delist(self, reason: str, ctx: Ctx) -> None:
        self._expect("published", "delist")
        if not reason.strip():
            raise InvalidPackage("delisting needs a reason")
        self._delisted(reason=limits.text(reason.strip(), "reason"), **ctx.meta)

    def change_price(self, price: Money, ctx: Ctx) -> None:
        self._expect("published", "change the price of")
        if price.fen < 0 or price.currency != self.content.price.currency:
            raise InvalidPackage("the price must be non-negative, in the package's currency")
        limits.at_most(price.fen, "price", limits.MAX_FEN)
        self._price_changed(price=price, **ctx.meta)

    def change_display(self, texts: dict[str, str], ctx: Ctx) -> None:
        """Once published only the price and the display texts may change."""
        self._expect("published", "change the texts of")
        locked = set(texts) - set(DISPLAY_FIELDS)
        if locked:
            raise FieldNotEditableAfterPublish(
                f"{sorted(locked)} cannot change once published; draft a new version",
                fields=sorted(locked),
            )
        if not texts or ("name" in texts and not texts["name"].strip()):
            raise InvalidPackage("give at least one display text; the name cannot be empty")
        for name, value in texts.items():
            if name == "name":
                limits.line(value, name, limits.NAME)
            else:
                limits.text(value, name, limits.LONG_TEXT)
        self._display_changed(texts=dict(texts), **ctx.meta)

    # --- queries ------------------------------------------------------------------
    def terms(self) -> Terms:
        """What a purchase snapshots; only a published package can be bought."""
        if self.status != "published":
            raise PackageNotPublished(f"the package is {self.status}, not published")
        return Terms(package_id=self.id, package_version=self.package_version, content=self.content)

    @property
    def price(self) -> Money:
        return self.content.price

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "version": self.package_version,
            "status": self.status,
            "predecessor_id": self.predecessor_id,
            "drafter_id": self.drafter_id,
            **self.content.as_dict(),
        }

    def _expect(self, status: str, doing: str) -> None:
        if self.status != status:
            raise InvalidPackageTransition(
                f"cannot {doing} a package that is {self.status}", status=self.status
            )

    def _check_reviewer(self, ctx: Ctx) -> None:
        if ctx.actor.user_id in self.author_ids:
            raise ReviewerIsDrafter("the reviewer of a package is never one of its drafters")

    # --- events -------------------------------------------------------------------
    @event(Revised)
    def _revised(self, content: PackageContent, actor: Actor, correlation_id: str) -> None:
        self.content = content
        if actor.user_id not in self.author_ids:
            self.author_ids.append(actor.user_id)

    @event(Submitted)
    def _submitted(self, actor: Actor, correlation_id: str) -> None:
        self.status = "in_review"

    @event(Approved)
    def _approved(self, actor: Actor, correlation_id: str) -> None:
        self.status = "approved"

    @event(Rejected)
    def _rejected(self, reason: str, actor: Actor, correlation_id: str) -> None:
        self.status = "rejected"
        self.reason = reason

    @event(ReturnedToDraft)
    def _returned_to_draft(self, actor: Actor, correlation_id: str) -> None:
        self.status = "draft"

    @event(Published)
    def _published(self, actor: Actor, correlation_id: str) -> None:
        self.status = "published"

    @event(Delisted)
    def _delisted(self, reason: str, actor: Actor, correlation_id: str) -> None:
        self.status = "delisted"
        self.reason = reason

    @event(PriceChanged)
    def _price_changed(self, price: Money, actor: Actor, correlation_id: str) -> None:
        self.content = replace(self.content, price=price)

    @event(DisplayChanged)
    def _display_changed(self, texts: dict[str, str], actor: Actor, correlation_id: str) -> None:
        self.content = self.content.with_display(texts)
