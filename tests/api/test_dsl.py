"""The HTTP language speaks the clinic's verbs in the clinic's order (tests/README.md)."""

from __future__ import annotations

from tests.api.dsl import ALL_RIGHTS, Api


def test_given_the_clinic_verbs_over_http_when_enrolling_then_the_receipt_redeems(
    sapi: Api,
) -> None:
    package = sapi.publish()
    patient = sapi.patient(proxy_rights=(), condition=None)  # registered, nothing more
    assert sapi.get(f"/patients/{patient}", "staff")["proxies"] == []
    sapi.authorise_proxy(patient, ALL_RIGHTS)
    sapi.episode(patient, condition="E11")
    subscription = sapi.buy(package, patient)
    sapi.consult(subscription)
    assert sapi.get(f"/subscriptions/{subscription}", "staff")["status"] == "awaiting_intake"
    sapi.intake(subscription, patient)
    assert sapi.get(f"/subscriptions/{subscription}", "staff")["status"] == "active"

    redeemed = sapi.receipt(patient, "education")
    assert redeemed["subscription_id"] == subscription
