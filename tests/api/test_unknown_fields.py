"""A field the API does not know is refused, naming it: never silently dropped."""

from __future__ import annotations

from tests.api.dsl import PACKAGE, Api, is_problem


def test_a_misspelt_package_field_is_422_and_nothing_is_drafted(sapi: Api) -> None:
    head = sapi.client.app.state.carepack.recorder.max_notification_id()
    body = {**PACKAGE, "requires_enrolment_consultation": True}
    body.pop("consultation_required")

    problem = is_problem(sapi.call("POST", "/packages", "nurse", body, 0), 422, "validation_error")

    assert [e["key"] for e in problem["errors"]] == ["requires_enrolment_consultation"]
    assert sapi.client.app.state.carepack.recorder.max_notification_id() == head


def test_a_stage_body_with_an_unknown_field_is_422(sapi: Api) -> None:
    patient_id = sapi.register_patient()
    episode_id = sapi.open_episode(patient_id)
    body = {"to": "consulting", "mode": "paid"}

    answer = sapi.call("POST", f"/episodes/{episode_id}/stage", "doctor", body, 0)

    problem = is_problem(answer, 422, "validation_error")
    assert problem["errors"] == [{"message": "Extra inputs are not permitted", "key": "mode"}]
    assert sapi.get(f"/episodes/{episode_id}", "doctor")["stage"] == "registered"


def test_an_unknown_field_inside_money_is_422(sapi: Api) -> None:
    patient_id = sapi.patient()
    body = {
        "package_id": sapi.publish_package(),
        "patient_id": patient_id,
        "buyer": {"user_id": "grandson", "relation": "child"},
        "payer_type": "family",
        "amount_paid": {"amount": "1999.00", "currency": "CNY", "fx_rate": "1"},
        "payment_ref": "MALL-X",
    }
    answer = sapi.call("POST", "/subscriptions", "mall", body, 0)
    problem = is_problem(answer, 422, "validation_error")
    assert [e["key"] for e in problem["errors"]] == ["amount_paid.fx_rate"]
