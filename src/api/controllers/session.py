"""Who the caller is (`/me`), and demo mode's sign-in for the staff console.

The demo endpoints exist only in demo mode (`carepack serve --demo`): anywhere else they
answer 404, exactly as an unknown path does, and the console asks for a bearer token from
the hospital's identity provider instead.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from litestar import Controller, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import JSONBody
from pydantic import Field

from api.auth import mint_token
from api.guards import allow
from api.problems import PROBLEMS
from api.requests import API_PREFIX, AnyRequest, principal
from api.schemas.common import Answer, Body
from api.schemas.constrained import UserId
from application.settings import Settings
from demo.staff import demo_member, demo_staff
from domain.errors import InvalidInput
from domain.roles import ANYONE

# Short-lived: a demo sign-in lasts a working morning, then the console asks again.
DEMO_TOKEN_LIFETIME = timedelta(hours=4)


class MeOut(Answer):
    subject: str
    name: str
    roles: list[str]
    departments: list[str]
    demo: bool = Field(description="The server runs in demo mode")


class DemoStaffOut(Answer):
    subject: str
    name: str
    role: str
    departments: list[str]


class DemoStaffList(Answer):
    items: list[DemoStaffOut]


class DemoSignIn(Body):
    subject: UserId = Field(examples=["nurse-onc-liu"])


class DemoToken(Answer):
    token: str
    expires_at: datetime
    subject: str


def _demo_only(request: AnyRequest) -> Settings:
    settings: Settings = request.app.state.settings
    if not settings.demo:
        raise NotFoundException("not found")
    return settings


class SessionController(Controller):
    path = API_PREFIX
    tags = ["session"]

    @get("/me", operation_id="me", guards=[allow(ANYONE)], responses=PROBLEMS)
    async def me(self, request: AnyRequest) -> MeOut:
        """The signed-in caller as their token says (the console's role and departments)."""
        caller = principal(request)
        settings: Settings = request.app.state.settings
        member = demo_member(caller.sub) if settings.demo else None
        return MeOut(
            subject=caller.sub, name=member.name if member else caller.sub,
            roles=list(caller.roles), departments=list(caller.departments), demo=settings.demo,
        )  # fmt: skip

    @get("/demo/staff", operation_id="demoStaff", responses=PROBLEMS)
    async def staff(self, request: AnyRequest) -> DemoStaffList:
        """Demo mode only (else 404): the demo hospital's staff, to sign in as one."""
        _demo_only(request)
        return DemoStaffList(items=[
            DemoStaffOut(subject=m.subject, name=m.name, role=m.role, departments=[*m.departments])
            for m in demo_staff()
        ])  # fmt: skip

    @post("/demo/sign-in", operation_id="demoSignIn", status_code=201, responses=PROBLEMS,
          sync_to_thread=True)  # fmt: skip
    def sign_in(self, request: AnyRequest, data: JSONBody[DemoSignIn]) -> Response[DemoToken]:
        """Demo mode only (else 404): a short-lived token for one of the demo staff."""
        settings = _demo_only(request)
        member = demo_member(data.subject)
        if member is None:
            raise InvalidInput(f"{data.subject!r} is not one of the demo hospital's staff")
        token = mint_token(settings, member.subject, [member.role], list(member.departments),
                           ttl=DEMO_TOKEN_LIFETIME)  # fmt: skip
        expires = datetime.now(UTC) + DEMO_TOKEN_LIFETIME
        return Response(DemoToken(token=token, expires_at=expires, subject=member.subject),
                        status_code=201)  # fmt: skip
