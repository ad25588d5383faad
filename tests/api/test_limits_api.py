"""Request limits over HTTP: too long, too many or control characters answer a 422 naming the
field, nothing is written, and the OpenAPI document states every limit."""

from __future__ import annotations

from typing import Any

import pytest

from api.auth import mint_token
from domain import limits
from tests.api.dsl import DEPT, PATIENT, Api, is_problem


def head(api: Api) -> int:
    """The store's head: a refused request leaves it where it was."""
    return int(api.client.app.state.carepack.recorder.max_notification_id() or 0)


def refused(api: Api, path: str, who: str, body: Any, field: str, code: str) -> dict[str, Any]:
    before = head(api)
    problem = is_problem(api.call("POST", path, who, body, expect=0), 422, code)
    assert head(api) == before
    keys = [e.get("key") for e in problem.get("errors", [])] or [problem.get("field")]
    assert field in keys, problem
    return problem


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x85", "\n", "\u2028"])
def test_given_a_control_character_in_a_name_then_422_naming_the_field_and_nothing_written(
    api: Api, char: str
) -> None:
    body = {**PATIENT, "name": f"王{char}秀英"}
    problem = refused(api, "/patients", "staff", body, "name", "validation_error")
    assert "control characters" in problem["errors"][0]["message"]


def test_given_an_assignee_longer_than_the_read_model_column_then_422(sapi: Api) -> None:
    patient_id = sapi.patient()
    episode_id = sapi.get(f"/patients/{patient_id}", "staff")["episode_ids"][0]
    body = {"due_on": "2026-03-09", "channel": "phone", "assignee": "s" * (limits.USER_ID + 1)}
    refused(
        sapi, f"/episodes/{episode_id}/follow-ups", "staff", body, "assignee", "validation_error"
    )


def test_given_a_display_name_longer_than_a_name_then_422(sapi: Api) -> None:
    package_id = sapi.publish_package()
    body = {"name": "名" * (limits.NAME + 1)}
    refused(sapi, f"/packages/{package_id}/display", "reviewer", body, "name", "validation_error")


def test_given_too_many_disease_codes_or_a_nested_code_too_long_then_422_naming_each(
    sapi: Api,
) -> None:
    from tests.api.dsl import PACKAGE

    codes = [f"C{i}" for i in range(limits.DISEASE_CODES + 1)]
    refused(sapi, "/packages", "nurse", {**PACKAGE, "disease_codes": codes}, "disease_codes",
            "validation_error")  # fmt: skip
    items = [{**PACKAGE["items"][0], "code": "c" * (limits.CODE + 1)}]
    refused(sapi, "/packages", "nurse", {**PACKAGE, "items": items}, "items.0.code",
            "validation_error")  # fmt: skip


def test_given_newlines_and_tabs_in_free_text_then_the_refund_is_requested(sapi: Api) -> None:
    patient_id, subscription_id = sapi.active()
    body = {"scope": {"type": "remaining"}, "reason_code": "other",
            "reason_text": "moved away:\n\t- to Chengdu"}  # fmt: skip
    sapi.post(f"/subscriptions/{subscription_id}/refunds", f"patient:{patient_id}", body, 201)


def test_given_a_token_subject_the_audit_trail_cannot_hold_then_commands_answer_422(
    sapi: Api,
) -> None:
    token = mint_token(sapi.settings, "u" * (limits.USER_ID + 1), ["nurse"], [DEPT])
    before = head(sapi)
    response = sapi.client.post(
        "/api/v1/patients", json=PATIENT, headers={"Authorization": f"Bearer {token}"}
    )
    problem = is_problem(response, 422, "limit_exceeded")
    assert problem["field"] == "actor" and head(sapi) == before


def test_given_a_control_character_in_a_query_filter_then_422_not_500(api: Api) -> None:
    response = api.call("GET", "/audit/events?actor=a%00b", "auditor", expect=0)
    is_problem(response, 422, "validation_error")
    response = api.call("GET", f"/dashboard/summary?department={DEPT}%00", "nurse", expect=0)
    is_problem(response, 422, "validation_error")


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    return components[ref.rsplit("/", 1)[1]] if ref else schema


def _unbounded(schema: Any, components: dict[str, Any], path: str, seen: set[str]) -> list[str]:
    """Every string without maxLength, array without maxItems, map without maxProperties."""
    if not isinstance(schema, dict):
        return []
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        if name in seen:
            return []
        return _unbounded(components[name], components, path, seen | {name})
    found: list[str] = []
    kind = schema.get("type")
    if kind == "string" and "maxLength" not in schema and not _fixed(schema):
        found.append(path)
    if kind == "array" and "maxItems" not in schema:
        found.append(path)
    if kind == "object" and schema.get("additionalProperties") and "maxProperties" not in schema:
        found.append(path)
    for key, sub in schema.get("properties", {}).items():
        found += _unbounded(sub, components, f"{path}.{key}", seen)
    for key in ("items", "additionalProperties"):
        found += _unbounded(schema.get(key), components, f"{path}[]", seen)
    # A limit beside a oneOf (Litestar's optional parameters) holds for each alternative.
    outer = {k: v for k, v in schema.items() if k not in ("oneOf", "anyOf", "allOf")}
    for key in ("oneOf", "anyOf", "allOf"):
        for sub in schema.get(key, []):
            found += _unbounded({**outer, **sub}, components, path, seen)
    return found


def _fixed(schema: dict[str, Any]) -> bool:
    """Strings whose format or enumeration bounds them already (uuid, date-time, enum)."""
    return bool(schema.get("format") or schema.get("enum") or schema.get("const"))


def test_given_the_openapi_document_then_every_request_string_and_list_is_bounded(
    sapi: Api,
) -> None:
    document = sapi.client.get("/schema/openapi.json").json()
    components = document["components"]["schemas"]
    unbounded: list[str] = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                name = f"{where} ?{parameter['name']}"
                unbounded += _unbounded(parameter.get("schema"), components, name, set())
            content = operation.get("requestBody", {}).get("content", {})
            # A CSV upload is one raw body: the body-size cap bounds it, not a schema.
            content.pop("text/csv", None)
            for media in content.values():
                unbounded += _unbounded(media.get("schema"), components, where, set())
    assert unbounded == []
    assert components["FollowUpIn"]["properties"]["assignee"]["maxLength"] == limits.USER_ID
    assert components["PatientIn"]["properties"]["name"]["pattern"].startswith("^[^\\x00")


@pytest.mark.parametrize("ref", [b"R" * (limits.REFERENCE + 1), b"MALL-\x00-1"])
def test_given_a_settlement_reference_no_report_can_hold_then_422_not_500(
    api: Api, ref: bytes
) -> None:
    body = (
        b"provider_ref,kind,amount,currency,settled_at\n" + ref + b",payment,1.00,CNY,2026-03-01\n"
    )
    headers = {**api.headers("finance"), "content-type": "text/csv"}
    response = api.client.post("/api/v1/finance/reconciliations", content=body, headers=headers)
    assert is_problem(response, 422, "invalid_settlement_file")["line"] == 2
