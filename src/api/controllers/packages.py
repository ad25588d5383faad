"""The catalogue: draft, review, publish, reprice and version service packages."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, HttpMethod, Response
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath, FromQuery, JSONBody

from api.pagination import DEFAULT_LIMIT, page_of
from api.requests import (
    API_PREFIX,
    AnyRequest,
    answer,
    carepack,
    ctx,
    if_match,
    new_id,
    principal,
    view,
)
from api.routes import command, query
from api.schemas.common import Reason
from api.schemas.constrained import query_text
from api.schemas.packages import DisplayIn, PackageIn, PackageOut, PackagePage, PriceIn
from api.scope import is_patient_side
from application import views
from application.base import Done
from domain import limits
from domain.roles import ANYONE, DRAFTERS, REVIEWERS

STAFF_ONLY = ("history", "author_ids", "reviewed_by")


def _answer(request: AnyRequest, done: Done[Any], status: int = 200) -> Response[PackageOut]:
    found = views.package(carepack(request), done.id)
    return answer(request, found.data, done, status=status, etag=found.version)


def _check_drafter(request: AnyRequest, package_id: UUID) -> None:
    found = views.package(carepack(request), package_id)
    if found.data["drafter_id"] != principal(request).sub:
        raise PermissionDeniedException("only the package's drafter may do this")


def _for_patients(data: dict[str, Any]) -> dict[str, Any]:
    """What patients see of a package: its content, not who drafted or reviewed it."""
    return {k: v for k, v in data.items() if k not in STAFF_ONLY}


class PackageController(Controller):
    path = f"{API_PREFIX}/packages"
    tags = ["catalogue"]

    @command("/", "draftPackage", DRAFTERS, status=201)
    def draft(self, request: AnyRequest, data: JSONBody[PackageIn]) -> Response[PackageOut]:
        """Draft a package; it starts as `draft`."""
        done = carepack(request).draft_package(new_id(request), data.to_content(), ctx(request))
        return _answer(request, done, 201)

    @command("/{package_id:uuid}", "revisePackage", DRAFTERS, method=HttpMethod.PUT)
    def revise(
        self, request: AnyRequest, package_id: FromPath[UUID], data: JSONBody[PackageIn]
    ) -> Response[PackageOut]:
        """Revise a draft (a rejected package returns to draft)."""
        done = carepack(request).revise_package(
            package_id, data.to_content(), ctx(request), if_match(request)
        )
        return _answer(request, done)

    @command("/{package_id:uuid}/submit", "submitPackage", DRAFTERS)
    def submit(self, request: AnyRequest, package_id: FromPath[UUID]) -> Response[PackageOut]:
        """The drafter submits the draft for review."""
        _check_drafter(request, package_id)
        done = carepack(request).submit_package(package_id, ctx(request), if_match(request))
        return _answer(request, done)

    @command("/{package_id:uuid}/approve", "approvePackage", REVIEWERS)
    def approve(self, request: AnyRequest, package_id: FromPath[UUID]) -> Response[PackageOut]:
        """A reviewer (never the drafter) approves."""
        done = carepack(request).approve_package(package_id, ctx(request), if_match(request))
        return _answer(request, done)

    @command("/{package_id:uuid}/reject", "rejectPackage", REVIEWERS)
    def reject(
        self, request: AnyRequest, package_id: FromPath[UUID], data: JSONBody[Reason]
    ) -> Response[PackageOut]:
        done = carepack(request).reject_package(
            package_id, data.reason, ctx(request), if_match(request)
        )
        return _answer(request, done)

    @command("/{package_id:uuid}/publish", "publishPackage", REVIEWERS)
    def publish(self, request: AnyRequest, package_id: FromPath[UUID]) -> Response[PackageOut]:
        """Publish; a new version delists its predecessor in the same transaction."""
        done = carepack(request).publish_package(package_id, ctx(request), if_match(request))
        return _answer(request, done)

    @command("/{package_id:uuid}/delist", "delistPackage", REVIEWERS)
    def delist(
        self, request: AnyRequest, package_id: FromPath[UUID], data: JSONBody[Reason]
    ) -> Response[PackageOut]:
        done = carepack(request).delist_package(
            package_id, data.reason, ctx(request), if_match(request)
        )
        return _answer(request, done)

    @command("/{package_id:uuid}/price", "changePackagePrice", REVIEWERS)
    def price(
        self, request: AnyRequest, package_id: FromPath[UUID], data: JSONBody[PriceIn]
    ) -> Response[PackageOut]:
        done = carepack(request).change_price(
            package_id, data.price.to_money(), ctx(request), if_match(request)
        )
        return _answer(request, done)

    @command("/{package_id:uuid}/display", "changePackageDisplay", REVIEWERS)
    def display(
        self, request: AnyRequest, package_id: FromPath[UUID], data: JSONBody[DisplayIn]
    ) -> Response[PackageOut]:
        done = carepack(request).change_display(
            package_id, data.texts(), ctx(request), if_match(request)
        )
        return _answer(request, done)

    @command("/{package_id:uuid}/versions", "draftPackageVersion", DRAFTERS, status=201)
    def new_version(self, request: AnyRequest, package_id: FromPath[UUID]) -> Response[PackageOut]:
        """Draft a new version from a published one: 201 with `predecessor_id`."""
        done = carepack(request).draft_new_version(new_id(request), package_id, ctx(request))
        return _answer(request, done, 201)

    @query("/", "listPackages", ANYONE)
    def list_packages(
        self,
        request: AnyRequest,
        status: Annotated[str | None, query_text(limits.CHOICE)] = None,
        disease_code: Annotated[str | None, query_text(limits.DISEASE_CODE)] = None,
        department: Annotated[str | None, query_text(limits.IDENTIFIER)] = None,
        q: Annotated[str | None, query_text(limits.NAME)] = None,
        limit: FromQuery[int] = DEFAULT_LIMIT,
        cursor: Annotated[str | None, query_text(500)] = None,
    ) -> PackagePage:
        """Packages, oldest first, each with the version that replaced it (`successor_id`);
        `department` keeps the packages that department offers; `q` matches part of the code
        or name. Patients and proxies see published ones only,
        without their history."""
        found = views.packages(
            carepack(request), status=status, disease_code=disease_code, department=department, q=q
        )
        if is_patient_side(request):
            found = [_for_patients(p) for p in found if p["status"] == "published"]
        return PackagePage.model_validate(page_of(found, cursor, limit))

    @query("/{package_id:uuid}", "getPackage", ANYONE)
    def get_package(self, request: AnyRequest, package_id: FromPath[UUID]) -> Response[PackageOut]:
        found = views.package(carepack(request), package_id)
        if not is_patient_side(request):
            return view(found.data, found.version, request)
        if found.data["status"] != "published":
            raise NotFoundException(f"no package {package_id}")
        return view(_for_patients(found.data), found.version, request)
