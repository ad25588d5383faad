"""Helpers for the FHIR API tests: calls under /fhir/R5, waiting for the read models,
following `next` links, and the access-log rows a request wrote."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from httpx import Response
from sqlalchemy import select

from projections.read_your_writes import wait_for_position
from projections.schema import access_log
from tests.api.dsl import Api
from tests.api.fhir_checks import check_resource, loads

BASE = "/fhir/R5"
PROJECTIONS = ("audit", "dashboard", "finance")


def settle(api: Api) -> None:
    """Wait until every read model has applied everything stored so far."""
    head = api.client.app.state.carepack.recorder.max_notification_id() or 0
    wait_for_position(api.client.app.state.read_engine, PROJECTIONS, head, timeout=20)


def fhir(api: Api, path: str, who: str | None, expect: int = 200, **headers: str) -> Any:
    """GET a FHIR path; the body is checked (valid R5, codes in their value sets)."""
    response: Response = api.client.get(
        path if path.startswith(("http", BASE)) else BASE + path,
        headers=api.headers(who, **headers),
    )
    assert response.status_code == expect, response.text
    assert response.headers["content-type"].startswith("application/fhir+json")
    body = loads(response.content)
    check_resource(body)
    return body


def ids(bundle: dict[str, Any]) -> list[str]:
    return [e["resource"]["id"] for e in bundle.get("entry", [])]


def every_page(api: Api, path: str, who: str) -> tuple[list[dict[str, Any]], int]:
    """All resources of a search, following `next`; and how many pages it took."""
    found: list[dict[str, Any]] = []
    pages, url = 0, path
    while url:
        page = fhir(api, url, who)
        pages += 1
        found += [e["resource"] for e in page.get("entry", [])]
        links = [link["url"] for link in page["link"] if link["relation"] == "next"]
        url = _local(links[0]) if links else ""
    return found, pages


def _local(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def access_rows(api: Api, resource_prefix: str) -> list[Any]:
    c = access_log.c
    query = select(access_log).where(c.resource.startswith(resource_prefix)).order_by(c.seq)
    with api.client.app.state.read_engine.connect() as conn:
        return list(conn.execute(query))
