"""Every fixed set of codes a request may carry is an `enum` in the OpenAPI document, the
domain's own set: a client generated from the document cannot send anything else."""

from __future__ import annotations

from typing import Any

import pytest

from api.app import create_app
from application.settings import Settings
from domain import care, episode, nutrition, patient, refunds, subscription, terms
from tests.api.dsl import Api

# (schema, property, the domain's set); `[]` marks a list's items.
FIXED_SETS: list[tuple[str, str, Any]] = [
    ("ItemIn", "kind", terms.ITEM_KINDS),
    ("ItemIn", "redemption", terms.REDEMPTION_MODES),
    ("IntakeFieldIn", "type", terms.FIELD_TYPES),
    ("CareTeamIn", "kind", terms.CARE_TEAM_KINDS),
    ("PatientIn", "sex", patient.SEXES),
    ("PatientIn", "id_document_type", patient.ID_DOCUMENT_TYPES),
    ("ProxyIn", "relation", patient.RELATIONS),
    ("ProxyIn", "permissions[]", patient.PERMISSIONS),
    ("ConsentIn", "purpose", patient.CONSENT_PURPOSES),
    ("EpisodeIn", "programme", episode.PROGRAMMES),
    ("StageIn", "to", episode.STAGES),
    ("StageIn", "outcome", episode.OUTCOMES),
    ("StageIn", "kind", episode.CONSULTATION_KINDS),
    ("PgSgaIn", "category", nutrition.PG_SGA_CATEGORIES),
    ("OverrideIn", "tier", nutrition.TIERS),
    ("CarePlanIn", "intervention", care.INTERVENTIONS),
    ("ObservationIn", "source", care.SOURCES),
    ("FollowUpIn", "channel", care.CHANNELS),
    ("Buyer", "relation", subscription.BUYER_RELATIONS),
    ("PurchaseIn", "payer_type", subscription.PAYER_TYPES),
    ("RefundIn", "reason_code", refunds.REASONS),
    ("CancelIn", "reason_code", refunds.REASONS),
    ("ReceiptIn", "item_kind", terms.ITEM_KINDS),
]


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    data_dir = tmp_path_factory.mktemp("openapi")
    app = create_app(Settings(demo=True, data_dir=data_dir))
    schema: dict[str, Any] = app.openapi_schema.to_schema()
    return schema


@pytest.mark.parametrize(
    ("schema", "field", "values"), FIXED_SETS, ids=[f"{s}.{f}" for s, f, _ in FIXED_SETS]
)
def test_each_fixed_set_is_the_domain_s_enum(
    document: dict[str, Any], schema: str, field: str, values: Any
) -> None:
    prop = document["components"]["schemas"][schema]["properties"][field.removesuffix("[]")]
    if field.endswith("[]"):
        prop = prop["items"]
    listed = {v for v in prop["enum"] if v is not None}
    assert listed == set(values)


def test_a_value_outside_the_set_names_the_field(sapi: Api) -> None:
    patient_id = sapi.register_patient()
    body = {"purpose": "marketing", "given": True}
    refused = sapi.call("POST", f"/patients/{patient_id}/consents", "staff", body, 422).json()
    assert refused["errors"] == [
        {"message": "must be one of: care_management, data_sharing_with_provider", "key": "purpose"}
    ]
