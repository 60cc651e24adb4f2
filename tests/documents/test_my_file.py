# SPDX-License-Identifier: MPL-2.0
"""'Hent mine oplysninger': every part of Mette's file, as JSON by its published schema and as
a short PDF in plain Danish; only Mette herself (or a relative with her power of attorney)."""

import io
import json
import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import jsonschema_rs
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import func, select, update

from samskab.access.models import Consent
from samskab.audit.models import AuditEvent
from samskab.cases.actions import open_case
from samskab.cases.models import Case
from samskab.cases.schemas import CaseOpen
from samskab.core import clock
from samskab.core.db import Database
from samskab.documents.my_file_schema import MyFile
from samskab.organisations.actions import add_user
from samskab.organisations.models import Organisation, Role
from samskab.terminology.codesystems import CodeSystemName, load
from tests.builders import LENE, World, citizen_in, make_care_case
from tests.readability import lix

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
INTERNAL = "Anna tror, Mette overdriver."
DRAFT = "Kladden til den næste afgørelse."


def _login(client: TestClient, username: str) -> None:
    client.cookies.clear()
    client.post("/login/demo", data={"username": username}, follow_redirects=False)


def _ok(answer: Any, status: int = 200) -> Any:
    assert answer.status_code == status, answer.text
    return answer.json() if answer.content else None


def _assessment_and_plan(client: TestClient, world: World) -> None:
    anna, case = world.auth("anna"), world.mette_case_id
    _ok(client.post(f"/api/v1/cases/{case}/transitions", headers=anna, json={"to": "assessment"}))
    assessment = _ok(client.post(f"/api/v1/cases/{case}/assessment", headers=anna), 201)
    theme = load(CodeSystemName.FFB).find("Varetage økonomi").code
    _ok(
        client.put(
            f"/api/v1/assessments/{assessment['id']}/themes/{theme}",
            headers=anna,
            json={
                "professional_level": 1,
                "professional_text": "Klarer økonomien med lidt hjælp.",
                "citizen_level": 3,
                "citizen_text": "Jeg kan slet ikke overskue mine regninger.",
                "support_need": "moderat",
            },
        )
    )
    goal = _ok(
        client.post(
            f"/api/v1/citizens/{world.mette_id}/plan/goals",
            headers=anna,
            json={"citizen_words": "Jeg vil åbne min post.", "goal_type": "udvikle"},
        ),
        201,
    )
    _ok(
        client.patch(
            f"/api/v1/goals/{goal['id']}",
            headers=anna,
            json={"professional_wording": "Mette får styr på sin post.", "version": 1},
        )
    )
    _ok(
        client.post(
            f"/api/v1/goals/{goal['id']}/ratings",
            headers=world.auth("mette"),
            json={"rater": "citizen", "score": 4},
        ),
        201,
    )


def _decision_and_help(client: TestClient, world: World, db: Database) -> None:
    anna = world.auth("anna")
    _ok(
        client.post(
            f"/api/v1/cases/{world.mette_case_id}/transitions",
            headers=anna,
            json={"to": "decision"},
        )
    )
    body = {"outcome": "bevilget", "granted": "Bostøtte 3 timer om ugen.", "facts": "Samtale."}
    draft = _ok(
        client.put(f"/api/v1/cases/{world.mette_case_id}/decision-draft", headers=anna, json=body)
    )
    decision = f"/api/v1/decisions/{draft['id']}"
    _ok(client.post(f"{decision}/hearing", headers=anna, json={"text": "Du får 3 timer."}))
    answer = {
        "answer": "Tre timer er fint.",
        "answered_on": str(clock.today()),
        "weighing": "Mette er enig.",
    }
    _ok(client.post(f"{decision}/hearing-answer", headers=anna, json=answer))
    _ok(client.post(f"{decision}/send", headers=anna, json={}))
    service = load(CodeSystemName.FFB).find("Socialpædagogisk støtte").code
    order = _ok(
        client.post(
            f"/api/v1/cases/{world.mette_case_id}/interventions",
            headers=anna,
            json={
                "service_code": service,
                "provider_id": str(world.provider_id),
                "scope_amount": 3,
                "period_start": str(clock.today() - timedelta(days=7)),
            },
        ),
        201,
    )
    _ok(
        client.post(
            f"/api/v1/interventions/{order['id']}/deliveries",
            headers=anna,
            json={
                "delivered_on": str(clock.today()),
                "amount": 2.5,
                "delivered_by": "Bostøtten Nord",
            },
        ),
        201,
    )
    # A second case of Mette's with a decision still in draft: not hers to read yet.
    with db.unit_of_work() as session:
        second = open_case(
            session,
            world.anna,
            CaseOpen(
                citizen=citizen_in(),
                service_type="SEL-85",
                received_on=clock.today(),
                inquiry_text="Mette spørger om hjælp til indkøb.",
            ),
        )
    for step in ("assessment", "decision"):
        _ok(client.post(f"/api/v1/cases/{second.id}/transitions", headers=anna, json={"to": step}))
    _ok(
        client.put(
            f"/api/v1/cases/{second.id}/decision-draft",
            headers=anna,
            json={"outcome": "afslag", "considerations": DRAFT},
        )
    )


def _meeting(client: TestClient, world: World) -> None:
    anna, mette = world.auth("anna"), world.auth("mette")
    meeting = _ok(
        client.post(
            f"/api/v1/cases/{world.mette_case_id}/meetings",
            headers=anna,
            json={"title": "Møde om din plan", "starts_at": datetime.now(UTC).isoformat()},
        ),
        201,
    )
    url = f"/api/v1/meetings/{meeting['id']}"
    _ok(client.post(f"{url}/start", headers=anna))
    _ok(
        client.put(f"{url}/note", headers=anna, json={"text": "Vi talte om posten.", "based_on": 0})
    )
    _ok(
        client.post(f"{url}/perspective", headers=mette, json={"text": "Posten gør mig bange."}),
        201,
    )
    _ok(
        client.post(
            f"{url}/agreements",
            headers=anna,
            json={"what": "Åbne posten sammen.", "who": "Mette og Anna"},
        ),
        201,
    )
    _ok(client.post(f"{url}/confirmation", headers=mette, json={"recognised": True}))
    _ok(client.post(f"{url}/end", headers=anna))


def _messages_consents_wellbeing(client: TestClient, world: World, db: Database) -> None:
    anna, mette, citizen = world.auth("anna"), world.auth("mette"), world.mette_id
    messages = f"/api/v1/citizens/{citizen}/messages"
    _ok(client.post(messages, headers=mette, json={"text": "Hvornår kommer I?"}), 201)
    _ok(client.post(messages, headers=anna, json={"text": "Vi kommer på tirsdag."}), 201)
    consents = f"/api/v1/citizens/{citizen}/consents"
    given = [
        _ok(client.post(consents, headers=mette, json={**LENE, "scopes": s}), 201)
        for s in (["plan"], ["basis"], ["help"])
    ]
    _ok(client.post(f"/api/v1/citizens/consents/{given[1]['id']}/withdraw", headers=mette))
    with db.unit_of_work() as session:
        session.execute(
            update(Consent)
            .where(Consent.id == uuid.UUID(given[2]["id"]))
            .values(valid_until=clock.today() - timedelta(days=1))
        )
    _ok(
        client.post(
            f"/api/v1/citizens/{citizen}/wellbeing",
            headers=mette,
            json={"soevn": 2, "tryghed": 4, "hverdag": 3, "haab": 5},
        ),
        201,
    )
    _ok(
        client.post(
            f"/api/v1/cases/{world.mette_case_id}/notes",
            headers=anna,
            json={"kind": "intern note", "title": "Til teamet", "body": INTERNAL},
        ),
        201,
    )
    client.get(f"/api/v1/cases/{world.mette_case_id}", headers=world.auth("bo"))


def _mette_with_everything(client: TestClient, world: World, db: Database) -> None:
    _assessment_and_plan(client, world)
    _decision_and_help(client, world, db)
    _meeting(client, world)
    _messages_consents_wellbeing(client, world, db)


def _pdf_text(content: bytes) -> tuple[str, int]:
    pages = PdfReader(io.BytesIO(content)).pages
    return " ".join(" ".join(p.extract_text() for p in pages).split()), len(pages)


def test_every_part_of_mettes_file_is_there_and_the_json_follows_its_schema(
    client: TestClient, world: World, db: Database
) -> None:
    _mette_with_everything(client, world, db)
    _login(client, "mette")
    schema = _ok(client.get("/min-side/mine-oplysninger.schema.json"))
    answer = client.get("/min-side/mine-oplysninger.json")
    data = _ok(answer)
    jsonschema_rs.validator_for(schema).validate(data)
    assert MyFile.model_validate(data).citizen.first_name == "Mette"
    assert not UUID.search(answer.text)
    assert [c["status"] for c in data["cases"]] == ["Aktiv indsats", "Afgørelse"]
    theme = data["assessments"][0]["themes"][0]
    assert theme["citizen_words"] == "Jeg kan slet ikke overskue mine regninger."
    assert theme["professional_words"] == "Klarer økonomien med lidt hjælp."
    goal = data["plan"]["goals"][0]
    assert [v["text_of"] for v in goal["history"]] == ["citizen_words", "professional_wording"]
    assert [r["score"] for r in goal["ratings"]] == [4]
    assert [d["granted"] for d in data["decisions"]] == ["Bostøtte 3 timer om ugen."]
    assert data["decisions"][0]["hearing_answer"] == "Tre timer er fint."
    meeting = data["meetings"][0]
    assert meeting["note"] == "Vi talte om posten."
    assert meeting["perspectives"][0]["text"] == "Posten gør mig bange."
    assert meeting["agreements"][0]["who"] == "Mette og Anna"
    assert [m["from_citizen"] for m in data["messages"]] == [True, False]
    assert [c["state"] for c in data["consents"]] == ["given", "withdrawn", "expired"]
    assert [a["score"] for a in data["wellbeing"][0]["answers"]] == [2, 4, 3, 5]
    assert (data["help"][0]["allocated"], data["help"][0]["delivered"]) == (3, 2.5)
    assert "Bo Kjær" in {row["who"] for row in data["access_log"]}
    assert INTERNAL not in answer.text and DRAFT not in answer.text


def test_the_pdf_is_a_few_pages_of_plain_danish_without_ids_or_english_keys(
    client: TestClient, world: World, db: Database
) -> None:
    _mette_with_everything(client, world, db)
    _login(client, "mette")
    answer = client.get("/min-side/mine-oplysninger.pdf")
    assert answer.headers["content-type"] == "application/pdf"
    text, pages = _pdf_text(answer.content)
    assert pages <= 6, pages
    for heading in (
        "Dine sager",
        "Udredningen",
        "Din plan",
        "Dine afgørelser",
        "Dine møder",
        "Beskeder",
        "Dine samtykker",
        "Sådan har du haft det",
        "Din hjælp",
        "Hvem har set dine oplysninger",
    ):
        assert heading in text
    assert "Jeg kan slet ikke overskue mine regninger." in text
    assert "Posten gør mig bange." in text and "Åbne posten sammen." in text
    assert "Leveret i alt: 2,5 timer" in text and "Du svarede: Tre timer er fint." in text
    assert not UUID.search(text)
    schema = MyFile.model_json_schema()
    keys = set(schema["properties"])
    for part in schema["$defs"].values():
        keys |= set(part.get("properties", {}))
    # Keys that are also Danish words ('at', 'by', 'note', 'plan') cannot be told apart.
    danish_too = {"at", "by", "note", "plan", "status", "organisation", "service", "passage"}
    english = {form for key in keys - danish_too for form in (key, key.replace("_", " "))}
    assert not [key for key in english if re.search(rf"\b{key}\b", text, re.IGNORECASE)]
    assert INTERNAL not in text and DRAFT not in text
    assert lix(text) <= 40


def test_another_citizen_or_a_caseworker_cannot_get_mettes_file(
    client: TestClient, world: World, db: Database
) -> None:
    jens_case = make_care_case(db, world)
    with db.unit_of_work() as session:
        aalborg = session.scalars(
            select(Organisation).where(Organisation.name == "Aalborg Kommune")
        ).one()
        jens = add_user(session, "jens", "Jens Madsen", aalborg, [Role.CITIZEN])
        jens.citizen_id = session.get_one(Case, jens_case).citizen_id
    _login(client, "jens")
    mine = _ok(client.get("/min-side/mine-oplysninger.json"))
    assert mine["citizen"]["first_name"] == "Jens"
    assert client.get(f"/paaroerende/{world.mette_id}/oplysninger.json").status_code == 404
    _login(client, "anna")
    assert client.get(f"/paaroerende/{world.mette_id}/oplysninger.pdf").status_code == 404


def test_a_relative_gets_the_file_only_with_a_power_of_attorney(
    client: TestClient, world: World
) -> None:
    consents = f"/api/v1/citizens/{world.mette_id}/consents"
    plain = {**LENE, "scopes": ["basis", "plan"]}
    _ok(client.post(consents, headers=world.auth("mette"), json=plain), 201)
    _login(client, "lene")
    assert client.get(f"/paaroerende/{world.mette_id}/oplysninger.json").status_code == 404
    attorney = plain | {"power_of_attorney": True}
    _ok(client.post(consents, headers=world.auth("anna"), json=attorney), 201)
    data = _ok(client.get(f"/paaroerende/{world.mette_id}/oplysninger.json"))
    assert data["citizen"]["first_name"] == "Mette"
    _login(client, "mette")
    log = _ok(client.get("/min-side/mine-oplysninger.json"))["access_log"]
    assert [r["who"] for r in log if r["what"] == "så dine oplysninger"][-1:] == [
        "Lene Madsen (på dine vegne)"
    ]


def test_downloading_the_file_logs_one_read(client: TestClient, world: World, db: Database) -> None:
    def reads() -> int:
        with db.unit_of_work() as session:
            query = select(func.count()).where(AuditEvent.citizen_id == world.mette_id)
            return int(session.scalar(query) or 0)

    _login(client, "mette")
    before = reads()
    _ok(client.get("/min-side/mine-oplysninger.json"))
    assert reads() - before == 1
    assert json.loads(client.get("/min-side/mine-oplysninger.json").text)["access_log"]
