"""Domain errors know no HTTP: `api.problems` alone gives each kind its status."""

from __future__ import annotations

import inspect

import pytest

from api.problems import domain_status
from domain import errors
from domain.errors import DomainError

ALL_ERRORS = [
    kind for _, kind in inspect.getmembers(errors, inspect.isclass) if issubclass(kind, DomainError)
]

# Written out here, not read from the code: a changed mapping fails.
EXPECTED = {
    "invalid_screening": 422,
    "limit_exceeded": 422,
    "intake_invalid": 422,
    "amount_mismatch": 422,
    "payment_amount_mismatch": 422,
    "follow_up_not_found": 404,
    "refund_not_found": 404,
    "version_mismatch": 412,
    "proxy_not_authorised": 403,
    "not_package_drafter": 403,
    "not_refund_requester": 403,
    "reviewer_is_drafter": 409,
    "entitlement_exhausted": 409,
    "refund_exceeds_balance": 409,
    "invalid_stage_transition": 409,
    "already_exists": 409,
    "concurrency_conflict": 409,
}


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_each_kind_of_broken_rule_answers_its_status(code: str) -> None:
    kind = next(k for k in ALL_ERRORS if k.code == code)
    assert domain_status(kind("x")) == EXPECTED[code]


@pytest.mark.parametrize("kind", ALL_ERRORS, ids=lambda k: k.__name__)
def test_every_domain_error_answers_a_client_error_status(kind: type[DomainError]) -> None:
    assert domain_status(kind("x")) in (403, 404, 409, 412, 422)


@pytest.mark.parametrize("kind", ALL_ERRORS, ids=lambda k: k.__name__)
def test_no_domain_error_carries_an_http_status(kind: type[DomainError]) -> None:
    assert not any("status" in vars(base) for base in kind.__mro__ if base is not Exception)
