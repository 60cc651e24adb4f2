# SPDX-License-Identifier: MPL-2.0
"""The audit log exported as FHIR R4 AuditEvent resources (IHE BALP), valid by fhir.resources."""

from fastapi.testclient import TestClient
from fhir.resources.R4B.auditevent import AuditEvent as FhirAuditEvent
from sqlalchemy import select

from samskab.audit.fhir import bundle
from samskab.audit.models import AuditEvent
from samskab.core.db import Database
from tests.builders import World


def test_every_exported_event_is_a_valid_r4_audit_event_naming_patient_and_agent(
    client: TestClient, world: World, db: Database
) -> None:
    client.get(f"/api/v1/cases/{world.mette_case_id}", headers=world.auth("bo"))
    client.get(f"/api/v1/citizens/{world.mette_id}", headers=world.auth("carl"))
    with db.sessions() as session:
        events = list(session.scalars(select(AuditEvent).order_by(AuditEvent.seq)))
    exported = bundle(events)
    assert exported["resourceType"] == "Bundle" and len(exported["entry"]) == len(events)
    resources = [FhirAuditEvent.model_validate(e["resource"]) for e in exported["entry"]]
    read = next(r for r, e in zip(resources, events, strict=True) if e.action == "case.read")
    assert read.action == "R" and read.subtype[0].code == "read"
    assert read.entity[0].what.reference == f"Patient/{world.mette_id}"
    assert read.agent[0].who.display == "Bo Kjær"
    denied = next(r for r, e in zip(resources, events, strict=True) if e.outcome == "denied")
    assert denied.outcome == "4" and denied.agent[0].who.display == "Carl Mikkelsen"
