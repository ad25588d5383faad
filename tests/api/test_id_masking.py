"""Over HTTP, a patient's ID number shows at most its last 4 characters, wherever it shows."""

from __future__ import annotations

from tests.api.dsl import DEPT, Api

MASKED = "**************1234"  # of 110101194804021234: region and birth date hidden


def test_given_a_registered_patient_then_every_answer_masks_all_but_the_last_4(api: Api) -> None:
    patient_id = api.patient()
    position = api.client.app.state.carepack.recorder.max_notification_id()

    assert api.get(f"/patients/{patient_id}", "nurse")["id_number"] == MASKED
    rows = api.get(f"/dashboard/patients?department={DEPT}&after={position}", "nurse")["items"]
    assert [row["masked_id_number"] for row in rows] == [MASKED]
    state = api.get(f"/audit/aggregates/{patient_id}", "auditor")["state"]
    assert state["id_number"] == MASKED
