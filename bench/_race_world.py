"""bench/races.py's world: a real `carepack serve` and active subscriptions, over HTTP."""

from __future__ import annotations

import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import _server
from _http_story import DEPT, HttpStory, staff_tokens
from api.auth import mint_token
from application.settings import Settings

WINDOW_SECONDS = 5.0  # the clients move to a fresh pair of subscriptions this often
PER_WINDOW = 2
SETTINGS = Settings(jwt_secret=_server.JWT_SECRET)
HERE = str(Path(__file__).resolve().parent)


def subscriptions(port: int, package: str, count: int) -> list[tuple[str, str]]:
    """Active subscriptions, each its own patient: [(subscription, patient)]."""
    story = HttpStory(port, SETTINGS, staff_tokens(SETTINGS), package)
    made = []
    for _ in range(count):
        t = story.tokens
        patient = story.post("/patients", t["staff"], {
            "name": "Race", "sex": "female", "birth_date": "1948-04-02", "phone": "13800000000",
            "id_document_type": "resident_id", "id_number": "110101194804021234",
            "department": DEPT}, 201)["id"]  # fmt: skip
        rights = ["purchase", "confirm_redemption"]
        story.post(f"/patients/{patient}/proxies", t["staff"], {"user_id": "grandson",
                   "relation": "child", "permissions": rights})  # fmt: skip
        story.post("/episodes", t["doctor"], {"patient_id": patient, "department": DEPT,
                   "condition": {"code": "E11", "label": "T2D"}, "care_team_id": "endo-team-1",
                   "programme": "chronic_disease"}, 201)  # fmt: skip
        sub = story.post("/subscriptions", t["mall"], {
            "package_id": package, "patient_id": patient,
            "buyer": {"user_id": "grandson", "relation": "child"}, "payer_type": "family",
            "amount_paid": {"amount": "1999.00", "currency": "CNY"},
            "payment_ref": f"MALL-{uuid.uuid4()}"}, 201)["id"]  # fmt: skip
        story.post(f"/subscriptions/{sub}/consultation", t["doctor"], {"suitable": True})
        proxy = mint_token(SETTINGS, "grandson", ["proxy"], [], [patient])
        intake = {"height_cm": 162, "diagnosed_on": "2019-05-01"}
        story.post(f"/subscriptions/{sub}/intake", proxy, {"answers": intake})
        made.append((sub, patient))
    story.close()
    return made


def publish(port: int) -> str:
    sys.path.append(str(Path(HERE).parent))
    from tests.api.dsl import PACKAGE  # the tests' package: 2 escorts, 6 educations...

    story = HttpStory(port, SETTINGS, staff_tokens(SETTINGS), "")
    nurse = mint_token(SETTINGS, "nurse-li", ["nurse"], [DEPT])
    reviewer = mint_token(SETTINGS, "reviewer-sun", ["catalogue_reviewer"], [DEPT])
    package = story.post("/packages", nurse, PACKAGE, 201)["id"]
    story.post(f"/packages/{package}/submit", nurse)
    story.post(f"/packages/{package}/approve", reviewer)
    story.post(f"/packages/{package}/publish", reviewer)
    story.close()
    return str(package)


@contextmanager
def server_on(database_url: str | None) -> Iterator[int]:
    with (
        _server.fresh_database(prefix="races")
        if database_url is None
        else _given(database_url) as url
    ):
        env = _server.server_env(url, _server.free_port())
        env["CAREPACK_RUN_PROJECTIONS"] = "true"  # the finance read model, in the same process
        port = int(env["CAREPACK_PORT"])
        with _server.process(["serve"], env, "races") as proc:
            deadline = time.monotonic() + 60
            while not _server._healthy(port):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("carepack serve did not come up")
                time.sleep(0.1)
            yield port


@contextmanager
def _given(url: str) -> Iterator[str]:
    yield url
