"""Catalogue use cases: draft, review, publish, reprice and version service packages."""

from __future__ import annotations

from uuid import UUID

from application.base import CarepackBase, Done
from application.outcomes import NewVersion
from domain.context import Ctx
from domain.money import Money
from domain.package import ServicePackage
from domain.terms import PackageContent


class CatalogueCommands(CarepackBase):
    def draft_package(self, package_id: UUID, content: PackageContent, ctx: Ctx) -> Done[None]:
        def decide() -> tuple[UUID, list[ServicePackage], None]:
            package = ServicePackage.draft(package_id, content, ctx)
            return package_id, [package], None

        return self.create(package_id, ctx, decide)

    def draft_new_version(
        self, package_id: UUID, predecessor_id: UUID, ctx: Ctx
    ) -> Done[NewVersion]:
        """Content changes go through a new version drafted from a published one."""

        def decide() -> tuple[UUID, list[ServicePackage], NewVersion]:
            old = self.load(ServicePackage, predecessor_id)
            package = ServicePackage.draft(package_id, old.content, ctx, predecessor=old)
            return package_id, [package], NewVersion(predecessor_id)

        return self.create(package_id, ctx, decide)

    def revise_package(
        self,
        package_id: UUID,
        content: PackageContent,
        ctx: Ctx,
        expected_version: int | None = None,
    ) -> Done[None]:
        """Revising a rejected package returns it to draft first, in the same transaction."""

        def decide() -> tuple[UUID, list[ServicePackage], None]:
            package = self.load(ServicePackage, package_id, expected_version)
            if package.status == "rejected":
                package.return_to_draft(ctx)
            package.revise(content, ctx)
            return package_id, [package], None

        return self.run(ctx, decide)

    def submit_package(
        self, package_id: UUID, ctx: Ctx, expected_version: int | None = None
    ) -> Done[None]:
        return self.step(ServicePackage, package_id, ctx, expected_version, lambda p: p.submit(ctx))

    def approve_package(
        self, package_id: UUID, ctx: Ctx, expected_version: int | None = None
    ) -> Done[None]:
        return self.step(
            ServicePackage, package_id, ctx, expected_version, lambda p: p.approve(ctx)
        )

    def reject_package(
        self, package_id: UUID, reason: str, ctx: Ctx, expected_version: int | None = None
    ) -> Done[None]:
        return self.step(
            ServicePackage, package_id, ctx, expected_version, lambda p: p.reject(reason, ctx)
        )

    def delist_package(
        self, package_id: UUID, reason: str, ctx: Ctx, expected_version: int | None = None
    ) -> Done[None]:
        return self.step(
            ServicePackage, package_id, ctx, expected_version, lambda p: p.delist(reason, ctx)
        )

    def change_price(
        self, package_id: UUID, price: Money, ctx: Ctx, expected_version: int | None = None
    ) -> Done[None]:
        return self.step(
            ServicePackage, package_id, ctx, expected_version, lambda p: p.change_price(price, ctx)
        )

    def change_display(
        self, package_id: UUID, texts: dict[str, str], ctx: Ctx, expected_version: int | None = None
    ) -> Done[None]:
        return self.step(
            ServicePackage,
            package_id,
            ctx,
            expected_version,
            lambda p: p.change_display(texts, ctx),
        )

    def publish_package(
        self, package_id: UUID, ctx: Ctx, expected_version: int | None = None
    ) -> Done[None]:
        """Publishing a new version delists its predecessor in the same transaction."""

        def decide() -> tuple[UUID, list[ServicePackage], None]:
            package = self.load(ServicePackage, package_id, expected_version)
            package.publish(ctx)
            changed = [package]
            if package.predecessor_id is not None:
                old = self.load(ServicePackage, package.predecessor_id)
                if old.status == "published":
                    old.delist(f"superseded by version {package.package_version}", ctx)
                    changed.append(old)
            return package_id, changed, None

        return self.run(ctx, decide)
