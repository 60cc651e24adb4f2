# SPDX-License-Identifier: MPL-2.0
"""Small steps shared by the decision tests: open a case under a law, draft, send, read a PDF."""

import io
import uuid
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from pypdf import PdfReader

from samskab.cases.actions import open_case
from samskab.cases.schemas import CaseOpen
from samskab.core import clock
from samskab.core.db import Database
from tests import builders
from tests.builders import World, citizen_in

JENS_CPR = "1203451237"  # 12 Mar 1945, a man; fictitious.


def open_case_under(db: Database, world: World, service_type: str) -> str:
    """A new case for Jens under the given paragraph, opened by Anna."""
    with db.unit_of_work() as session:
        case = open_case(
            session,
            world.anna,
            CaseOpen(
                citizen=citizen_in(JENS_CPR, first_name="Jens", last_name="Nielsen"),
                service_type=service_type,
                received_on=clock.today() - timedelta(days=3),
                inquiry_text="Jens er udskrevet og har brug for hjælp derhjemme.",
            ),
        )
        return str(case.id)


def ready_for_decision(client: TestClient, world: World, case_id: uuid.UUID | str) -> None:
    """Move a case through assessment to 'ready for a decision'."""
    builders.ready_for_decision(client, world, case_id)


def draft(
    client: TestClient, world: World, case_id: uuid.UUID | str, **fields: Any
) -> dict[str, Any]:
    """Write the case's draft decision through the API; the new draft as the API returns it."""
    answer = client.put(
        f"/api/v1/cases/{case_id}/decision-draft", json=fields, headers=world.auth("anna")
    )
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def pdf_text(client: TestClient, world: World, url: str) -> str:
    """The text of a PDF the API serves, with whitespace folded."""
    answer = client.get(url, headers=world.auth("anna"))
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(answer.content)).pages)
    return " ".join(text.split())


MONTHS = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]


def long_date(day: Any) -> str:
    """A date as a letter writes it: '2. december 2026'."""
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"
