"""The body cap over HTTP: a declared, an absent (chunked) or a lying Content-Length."""

from __future__ import annotations

import http.client
import json
import socket
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.serving import PATIENT, STAFF, serving

CAP = 4096


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(tmp_path_factory.mktemp("cap"), max_body_bytes=str(CAP)) as (url, _):
        yield url


def _headers(**extra: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {STAFF}", "Content-Type": "application/json", **extra}


def _connection(base: str) -> http.client.HTTPConnection:
    host, port = base.removeprefix("http://").split(":")
    return http.client.HTTPConnection(host, int(port), timeout=10)


def _is_413(answer: tuple[int, str, bytes]) -> dict[str, Any]:
    status, content_type, raw = answer
    assert status == 413
    assert content_type.startswith("application/problem+json")
    body: dict[str, Any] = json.loads(raw)
    assert body["code"] == "request_too_large" and body["status"] == 413
    return body


def _padded(size: int) -> bytes:
    return json.dumps({**PATIENT, "pad": "x" * size}).encode()


def _post(base: str, body: bytes, chunked: bool, **headers: str) -> tuple[int, str, bytes]:
    """(status, content type, body) of a POST, chunked (no Content-Length) or not."""
    connection = _connection(base)
    try:
        sent: Any = [body[i : i + 1000] for i in range(0, len(body), 1000)] if chunked else body
        connection.request("POST", "/api/v1/patients", body=iter(sent) if chunked else sent,
                           headers=_headers(**headers), encode_chunked=chunked)  # fmt: skip
        response = connection.getresponse()
        return response.status, response.getheader("content-type", ""), response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("key", [None, "cap-1"])
def test_given_a_declared_length_over_the_cap_then_413_before_the_body_is_sent(
    base: str, key: str | None
) -> None:
    host, port = base.removeprefix("http://").split(":")
    extra = f"Idempotency-Key: {key}\r\n" if key else ""
    head = (
        f"POST /api/v1/patients HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {STAFF}\r\n"
        f"Content-Type: application/json\r\n{extra}Content-Length: 1000000000\r\n\r\n"
    )
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(head.encode())  # and not one byte of the gigabyte announced
        answer = _read_answer(sock)
    status_line, _, rest = answer.partition("\r\n")
    assert status_line.split()[1] == "413"
    assert "request_too_large" in rest


def _read_answer(sock: socket.socket) -> str:
    """The whole answer: its head, then as many bytes as its Content-Length says."""
    raw = b""
    while b"\r\n\r\n" not in raw:
        raw += sock.recv(65536)
    head, _, body = raw.partition(b"\r\n\r\n")
    length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                  if line.lower().startswith(b"content-length:"))  # fmt: skip
    while len(body) < length:
        body += sock.recv(65536)
    return (head + b"\r\n\r\n" + body).decode()


@pytest.mark.parametrize("key", [None, "cap-2"])
def test_given_a_chunked_body_over_the_cap_then_413(base: str, key: str | None) -> None:
    extra = {"Idempotency-Key": key} if key else {}
    _is_413(_post(base, _padded(CAP * 3), chunked=True, **extra))


@pytest.mark.parametrize("key", [None, "cap-3"])
def test_given_a_small_chunked_body_then_it_is_served(base: str, key: str | None) -> None:
    extra = {"Idempotency-Key": key} if key else {}
    status, _, body = _post(base, json.dumps(PATIENT).encode(), chunked=True, **extra)
    assert status == 201, body


def test_given_a_body_under_the_cap_with_a_declared_length_then_it_is_served(base: str) -> None:
    status, _, body = _post(base, json.dumps(PATIENT).encode(), chunked=False,
                            **{"Idempotency-Key": "cap-4"})  # fmt: skip
    assert status == 201, body
