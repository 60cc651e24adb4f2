# SPDX-License-Identifier: MPL-2.0
"""The audit log as FHIR R4 AuditEvent resources, following the IHE Basic Audit Log Patterns
(BALP): the RESTful interaction, who did it (and for whom), from where, about which patient."""

from typing import Any

from samskab.audit.models import AuditEvent

EVENT_TYPE = {
    "system": "http://terminology.hl7.org/CodeSystem/audit-event-type",
    "code": "rest",
    "display": "RESTful Operation",
}
INTERACTIONS = "http://hl7.org/fhir/restful-interaction"
READ_VERBS = (
    "read",
    "list",
    "cases",
    "live",
    "citizen_view",
    "screen",
    "history",
    "lookup",
    "export",
    "themes",
    "cpr_reveal",
)
CREATE_VERBS = ("create", "give", "write", "rate", "addition", "start")


def _interaction(action: str) -> tuple[str, str]:
    """The FHIR restful interaction and AuditEvent action code (R, C, U, E)."""
    verb = action.partition(".")[2] or action
    if verb in READ_VERBS:
        return "read", "R"
    if verb in CREATE_VERBS:
        return "create", "C"
    if action in ("login", "break_glass"):
        return "operation", "E"
    return "update", "U"


def to_fhir(event: AuditEvent, *, observer: str = "samskab") -> dict[str, Any]:
    """One audit event as an R4 AuditEvent resource."""
    interaction, code = _interaction(event.action)
    agent: dict[str, Any] = {
        "type": {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                    "code": "IRCP",
                    "display": "information recipient",
                }
            ]
        },
        "who": {"display": event.actor_name},
        "requestor": True,
    }
    if event.actor_id:
        agent["who"]["identifier"] = {"system": "urn:samskab:user", "value": str(event.actor_id)}
    if event.client_address:
        agent["network"] = {"address": event.client_address, "type": "2"}
    agents = [agent]
    if event.on_behalf_of:
        agents.append(
            {
                "who": {
                    "identifier": {
                        "system": "urn:samskab:citizen",
                        "value": str(event.on_behalf_of),
                    }
                },
                "requestor": False,
                "type": {"text": "på vegne af"},
            }
        )
    entities: list[dict[str, Any]] = []
    if event.citizen_id:
        entities.append(
            {
                "what": {"reference": f"Patient/{event.citizen_id}"},
                "role": {
                    "system": "http://terminology.hl7.org/CodeSystem/object-role",
                    "code": "1",
                    "display": "Patient",
                },
            }
        )
    if event.object_id and event.object_id != event.citizen_id:
        entities.append(
            {
                "what": {
                    "identifier": {
                        "system": f"urn:samskab:{event.object_type}",
                        "value": str(event.object_id),
                    }
                },
                "role": {
                    "system": "http://terminology.hl7.org/CodeSystem/object-role",
                    "code": "4",
                    "display": "Domain Resource",
                },
            }
        )
    resource: dict[str, Any] = {
        "resourceType": "AuditEvent",
        "id": str(event.id),
        "type": EVENT_TYPE,
        "subtype": [{"system": INTERACTIONS, "code": interaction}],
        "action": code,
        "recorded": event.at.isoformat(),
        "outcome": "0" if event.outcome == "allowed" else "4",
        "purposeOfEvent": [{"text": event.purpose}],
        "agent": agents,
        "source": {
            "observer": {"display": observer},
            "type": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/security-source-type",
                    "code": "4",
                    "display": "Application Server",
                }
            ],
        },
        "entity": entities,
    }
    if event.seq is not None:  # not yet sealed into the chain: no place in it to name
        resource["extension"] = [
            {"url": "urn:samskab:audit-chain", "valueString": f"{event.seq}:{event.hash}"}
        ]
    if event.outcome != "allowed":
        resource["outcomeDesc"] = "Adgang nægtet"
    if not entities:
        del resource["entity"]
    return resource


def bundle(events: list[AuditEvent]) -> dict[str, Any]:
    """A collection Bundle of AuditEvents."""
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": to_fhir(e)} for e in events],
    }
