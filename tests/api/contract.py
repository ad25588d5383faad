"""Each answer the HTTP tests receive is checked against the schema the OpenAPI document
declares for it, strictly: a field sent but not declared (or declared and of another
shape) fails the test that got it. So the document is exactly what is sent."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import jsonschema_rs
from litestar import Litestar
from pydantic import BaseModel

JSON_TYPES = ("application/json", "application/problem+json")


def _strict(node: Any) -> Any:
    """Close every object that lists its properties (what is not declared is not sent)."""
    if isinstance(node, dict):
        closed = {key: _strict(value) for key, value in node.items()}
        if "properties" in closed and "additionalProperties" not in closed:
            closed["additionalProperties"] = False
        return closed
    if isinstance(node, list):
        return [_strict(item) for item in node]
    return node


class Contract:
    def __init__(self, document: dict[str, Any]) -> None:
        self.components = _strict(copy.deepcopy(document.get("components", {})))
        self.routes: list[tuple[re.Pattern[str], dict[str, Any]]] = []
        for template, item in document["paths"].items():
            pattern = re.sub(r"\{[^/}]+\}", "[^/]+", template)
            self.routes.append((re.compile(f"^{pattern}$"), item))
        # Literal paths before templated ones (/packages/x before /packages/{id}).
        self.routes.sort(key=lambda route: route[0].pattern.count("[^/]+"))
        self._validators: dict[int, Any] = {}

    def _schema_for(self, method: str, path: str, status: int) -> dict[str, Any] | None:
        for pattern, item in self.routes:
            if pattern.match(path) and method.lower() in item:
                responses = item[method.lower()].get("responses", {})
                answer = responses.get(str(status)) or responses.get("default")
                if answer is None:
                    return {"not": {}, "description": f"no {status} answer is declared"}
                for media in JSON_TYPES:
                    schema = answer.get("content", {}).get(media, {}).get("schema")
                    if schema is not None:
                        return _strict(schema)  # type: ignore[no-any-return]
                return None
        return None

    def errors(self, method: str, path: str, status: int, body: Any) -> list[str]:
        schema = self._schema_for(method, path, status)
        if schema is None:
            return []
        validator = jsonschema_rs.validator_for({**schema, "components": self.components})
        return [
            f"{method} {path} {status}: {error.instance_path}: {error.message}"[:500]
            for error in validator.iter_errors(body)
        ]


_contracts: dict[int, tuple[Any, Contract]] = {}


def _document(app: Litestar) -> dict[str, Any]:
    """The OpenAPI document as served, without a request (which rate limits would count)."""

    def plain(value: Any) -> Any:
        return value.model_dump(mode="json") if isinstance(value, BaseModel) else str(value)

    found: dict[str, Any] = json.loads(json.dumps(app.openapi_schema.to_schema(), default=plain))
    return found


def contract_of(client: Any) -> Contract:
    """The contract of the document the client's server serves, read once per server: from
    the app itself under a test client, over HTTP from a real `carepack serve`."""
    app = getattr(client, "app", None)
    server = client if app is None else app
    found = _contracts.get(id(server))
    if found is None or found[0] is not server:  # an id reused by a new object
        document = client.get("/schema/openapi.json").json() if app is None else _document(app)
        found = (server, Contract(document))
        _contracts[id(server)] = found
    return found[1]
