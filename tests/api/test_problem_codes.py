"""Every problem code raised in src/ is listed in `api.problem_codes`, and only those."""

from __future__ import annotations

import re
from pathlib import Path

from api.problem_codes import PROBLEM_CODES

SRC = Path(__file__).resolve().parents[2] / "src"
# The ways a code reaches a problem answer: a DomainError's (or exception's) `code`, an
# ApiProblem or problem() call, the HTTP status table and its fallback.
RAISED = [
    r'\bcode(?:: str)? = "([a-z_]+)"',
    r'ApiProblem\(\s*\d{3},\s*"([a-z_]+)"',
    r'(?<![A-Za-z])_?problem\(\s*(?:send,\s*)?\d{3},\s*"([a-z_]+)"',
    r'^\s+\d{3}: "([a-z_]+)",$',
    r'_HTTP_CODES\.get\(status, "([a-z_]+)"\)',
]


def raised_codes() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "problem_codes.py":
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in RAISED:
            for match in re.finditer(pattern, text, re.M):
                found.setdefault(match.group(1), str(path.relative_to(SRC)))
    return found


def test_given_the_sources_then_every_raised_code_is_listed() -> None:
    missing = {code: where for code, where in raised_codes().items() if code not in PROBLEM_CODES}
    assert not missing, f"add these to api/problem_codes.py (and the console's messages): {missing}"


def test_given_the_list_then_every_listed_code_is_raised_somewhere() -> None:
    stale = set(PROBLEM_CODES) - set(raised_codes())
    assert not stale, f"listed but never raised: {sorted(stale)}"


def test_given_the_scan_then_it_finds_codes_of_every_kind() -> None:
    found = raised_codes()
    for code in ("entitlement_exhausted", "out_of_scope", "idempotency_key_reused",
                 "after_beyond_head", "rate_limited", "http_error", "internal_error"):  # fmt: skip
        assert code in found, code
