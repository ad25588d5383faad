"""The contract check of tests/api/contract.py finds what it is there to find."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from litestar import Response
from litestar.response import Stream
from pydantic import ValidationError

from api.requests import checked, declared_model
from api.schemas.subscriptions import BuyerOut
from tests.api.contract import Contract

DOCUMENT: dict[str, Any] = {
    "paths": {
        "/things/{id}": {
            "get": {
                "responses": {
                    "200": {
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}
                        }
                    }
                }
            }
        }
    },
    "components": {
        "schemas": {
            "Thing": {
                "type": "object",
                "properties": {"id": {"type": "string"}, "n": {"type": "integer"}},
                "required": ["id"],
            }
        }
    },
}


def test_an_answer_as_declared_passes() -> None:
    assert Contract(DOCUMENT).errors("GET", "/things/1", 200, {"id": "1", "n": 2}) == []


def test_a_field_sent_but_not_declared_fails() -> None:
    [error] = Contract(DOCUMENT).errors("GET", "/things/1", 200, {"id": "1", "extra": True})
    assert "extra" in error


def test_a_field_of_another_shape_or_missing_fails() -> None:
    assert Contract(DOCUMENT).errors("GET", "/things/1", 200, {"id": "1", "n": "two"})
    assert Contract(DOCUMENT).errors("GET", "/things/1", 200, {"n": 2})


def test_an_answer_whose_status_is_not_declared_fails() -> None:
    assert Contract(DOCUMENT).errors("GET", "/things/1", 404, {"id": "1"})


def test_the_server_checks_each_answer_against_its_declared_model() -> None:
    handler = SimpleNamespace(
        parsed_fn_signature=SimpleNamespace(
            return_type=SimpleNamespace(annotation=Response[BuyerOut] | Stream)
        )
    )
    assert declared_model(handler) is BuyerOut
    request: Any = SimpleNamespace(scope={"route_handler": handler})
    assert checked(request, {"user_id": "u", "relation": "child"})["user_id"] == "u"
    with pytest.raises(ValidationError):
        checked(request, {"user_id": "u", "relation": "child", "name": "not declared"})
