# SPDX-License-Identifier: MPL-2.0
"""The published API contract."""

from fastapi.testclient import TestClient


def test_the_openapi_document_describes_every_resource(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    paths = set(spec["paths"])
    for expected in (
        "/api/v1/citizens/lookup",
        "/api/v1/cases",
        "/api/v1/cases/{case_id}",
        "/api/v1/cases/{case_id}/transitions",
        "/api/v1/cases/{case_id}/assessment",
        "/api/v1/citizens/{citizen_id}/plan",
        "/api/v1/goals/{goal_id}/ratings",
        "/api/v1/cases/{case_id}/interventions",
        "/api/v1/interventions/{intervention_id}/deliveries",
        "/api/v1/cases/{case_id}/notes",
    ):
        assert expected in paths
    assert not [p for p in paths if not p.startswith("/api/v1/")]


def test_no_operation_takes_a_cpr_number_in_the_url(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    parameters = [
        parameter["name"].lower()
        for operations in spec["paths"].values()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
    ]
    assert parameters and not [name for name in parameters if "cpr" in name]
