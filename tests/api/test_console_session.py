"""Demo sign-in for the console (demo mode only, else 404) and `/me`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.dsl import Api, is_problem, running
from tests.stores import migrated_sqlite


@pytest.fixture
def demo_api(tmp_path: Path, sqlite_template: Path) -> Iterator[Api]:
    from application.settings import Settings

    migrated_sqlite(sqlite_template, tmp_path)
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'events.db'}", data_dir=tmp_path, demo=True
    )
    with running(settings) as world:
        yield world


def test_given_production_mode_then_the_demo_endpoints_are_404(sapi: Api) -> None:
    is_problem(sapi.call("GET", "/demo/staff", None, expect=0), 404, "not_found")
    answer = sapi.call("POST", "/demo/sign-in", None, {"subject": "nurse-onc-liu"}, expect=0)
    is_problem(answer, 404, "not_found")


def test_given_demo_mode_then_the_staff_list_names_roles_and_departments(demo_api: Api) -> None:
    staff = demo_api.get("/demo/staff", None)["items"]
    nurse = next(member for member in staff if member["subject"] == "nurse-onc-liu")
    assert nurse == {"subject": "nurse-onc-liu", "name": "刘护士", "role": "nurse",
                     "departments": ["oncology"]}  # fmt: skip
    assert {member["role"] for member in staff} >= {"doctor", "nurse", "service_staff"}


def test_given_demo_sign_in_then_me_says_who_and_the_token_is_short_lived(demo_api: Api) -> None:
    signed = demo_api.post("/demo/sign-in", None, {"subject": "nurse-endo-li"}, 201)
    headers = {"Authorization": f"Bearer {signed['token']}"}
    me = demo_api.client.get("/api/v1/me", headers=headers)
    assert me.status_code == 200, me.text
    assert me.json() == {"subject": "nurse-endo-li", "name": "李护士", "roles": ["nurse"],
                         "departments": ["endocrinology"], "demo": True}  # fmt: skip
    import jwt

    claims = jwt.decode(signed["token"], options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] <= 4 * 3600


def test_given_an_unknown_subject_then_demo_sign_in_is_422(demo_api: Api) -> None:
    answer = demo_api.call("POST", "/demo/sign-in", None, {"subject": "root"}, expect=0)
    is_problem(answer, 422, "invalid_input")


def test_given_no_token_then_me_is_401_and_with_one_it_names_the_subject(sapi: Api) -> None:
    is_problem(sapi.call("GET", "/me", None, expect=0), 401, "unauthenticated")
    me = sapi.get("/me", "nurse")
    assert (me["subject"], me["roles"], me["demo"]) == ("nurse-li", ["nurse"], False)
