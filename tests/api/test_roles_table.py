"""Who may do what is defined once (`domain.roles`) and written down in docs/roles.md."""

from __future__ import annotations

import re
from pathlib import Path

from api.roles_table import CHECKS, markdown, operations
from domain.roles import ROLES
from tests.api.dsl import Api

ROOT = Path(__file__).resolve().parents[2]
SET_LITERAL = re.compile(r"frozenset\(\{([^}]*)\}\)")


def role_sets_in(text: str) -> list[str]:
    """Literal sets whose members are all role names (a role group defined here)."""
    found = []
    for members in SET_LITERAL.findall(text):
        names = re.findall(r"\"([a-z_]+)\"", members)
        if names and set(names) <= ROLES:
            found.append(members)
    return found


def test_the_roles_page_is_current(sapi: Api) -> None:
    page = (ROOT / "docs" / "roles.md").read_text(encoding="utf-8")
    assert page == markdown(sapi.client.app), "run: python -m api.roles_table > docs/roles.md"


def test_every_guarded_operation_says_its_further_checks(sapi: Api) -> None:
    names = {operation_id for _, _, operation_id, _ in operations(sapi.client.app)}
    assert names == set(CHECKS)


def test_a_role_set_written_out_is_found() -> None:
    assert role_sets_in('LEADS = frozenset({"service_lead", "finance"})') != []
    assert role_sets_in('KINDS = frozenset({"work_group", "doctor"})') == []


def test_role_sets_are_defined_in_the_domain_roles_module_only() -> None:
    defined_elsewhere = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "src").rglob("*.py")
        if path.name != "roles.py" and role_sets_in(path.read_text(encoding="utf-8"))
    ]
    assert defined_elsewhere == []
