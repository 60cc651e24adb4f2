# SPDX-License-Identifier: MPL-2.0
"""Nothing a caseworker types disappears: every free-text field of every form in the flow
(inquiry, assessment, plan, order, follow-up, journal note) is shown again on a page of the
case or in its PDF."""

import html
import io
import re
import uuid
from datetime import timedelta

from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import select

from samskab.core import clock
from samskab.core.db import Database
from samskab.decisions.models import Decision
from samskab.interventions.models import Intervention
from samskab.plans.models import Goal
from samskab.terminology.services import service_type
from tests.builders import World

LETTERS = "abcdefghijklmnopqrstuvwxyz"


class Markers:
    """Unique words, one per field, remembered by the field they were typed into."""

    def __init__(self) -> None:
        self.by_field: dict[str, str] = {}

    def __call__(self, field: str, sentence: str = "{}") -> str:
        n = len(self.by_field)
        word = "Mrk" + LETTERS[n // 26] + LETTERS[n % 26] + "x"
        self.by_field[field] = word
        return sentence.format(word)


def _posted(client: TestClient, url: str, data: dict[str, object]) -> str:
    answer = client.post(url, data=data, follow_redirects=False)
    assert answer.status_code == 303, f"{url}: {answer.status_code} {answer.text[-2000:]}"
    return answer.headers["location"]


def _pdf_text(client: TestClient, url: str) -> str:
    answer = client.get(url)
    assert answer.status_code == 200, url
    reader = PdfReader(io.BytesIO(answer.content))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def _page_text(client: TestClient, url: str) -> str:
    answer = client.get(url)
    assert answer.status_code == 200, url
    return html.unescape(re.sub(r"<[^>]+>", " ", answer.text))


def _open_case(client: TestClient, mark: Markers) -> uuid.UUID:
    location = _posted(
        client,
        "/henvendelser/ny",
        {
            "citizen.cpr": "0101801234",
            "citizen.first_name": mark("first_name"),
            "citizen.last_name": mark("last_name"),
            "citizen.address_line": mark("address_line", "{}vej 4"),
            "citizen.postcode": "9000",
            "citizen.communication_needs": mark("communication_needs", "Tolk: {}."),
            "service_type": "SEL-85",
            "inquiry_from": "pårørende",
            "received_on": str(clock.today()),
            "inquiry_text": mark("inquiry_text", "Søsteren ringer: {} klarer ikke posten."),
            "holistic_areas": ["beskaeftigelse"],
            "holistic_note": mark("holistic_note", "Jobcentret kender {}."),
        },
    )
    return uuid.UUID(location.rsplit("/", 1)[1])


def _assess_and_plan(client: TestClient, case_id: uuid.UUID, mark: Markers) -> None:
    _posted(client, f"/sager/{case_id}/udredning/start", {})
    theme = next(c.code for c in service_type("SEL-85").assessment_themes() if not c.children)
    _posted(
        client,
        f"/sager/{case_id}/udredning/tema",
        {
            "theme_code": theme,
            "citizen_level": "3",
            "citizen_text": mark("citizen_text", "Jeg {} mine regninger."),
            "professional_level": "2",
            "professional_text": mark("professional_text", "Overblik, men {}."),
            "support_need": "moderat",
            "resources": mark("resources", "Søsteren {} hjælper."),
            "wishes": mark("wishes", "Vil gerne {} selv."),
        },
    )
    goal = mark("citizen_words", "Jeg vil selv betale {}.")
    _posted(
        client,
        f"/sager/{case_id}/plan/maal",
        {
            "citizen_words": goal,
            "professional_wording": mark("professional_wording", "Økonomi {}."),
            "goal_type": "udvikle",
        },
    )
    plan_page = client.get(f"/sager/{case_id}/plan").text
    version = re.search(r'name="version" value="(\d+)"', plan_page)
    assert version is not None
    _posted(
        client,
        f"/sager/{case_id}/plan/felter",
        {
            "version": version.group(1),
            "purpose": mark("purpose", "Formålet er {}."),
            "expected_duration": mark("expected_duration", "6 måneder {}"),
            "other": mark("other", "Andet: {}."),
        },
    )


def _decide(client: TestClient, case_id: uuid.UUID, db: Database) -> uuid.UUID:
    _posted(client, f"/sager/{case_id}/status", {"to": "decision"})
    _posted(
        client,
        f"/sager/{case_id}/afgoerelse/kladde",
        {
            "outcome": "bevilget",
            "granted": "Socialpædagogisk støtte 3 timer om ugen.",
            "considerations": "Behovet for støtte til økonomi.",
            "facts": "Samtalen og udredningen.",
            "hearing_needed": "nej",
            "hearing_not_needed_reason": "Borgeren får fuldt ud medhold.",
        },
    )
    with db.sessions() as session:
        decision_id = session.scalars(select(Decision.id).where(Decision.case_id == case_id)).one()
    _posted(client, f"/afgoerelser/{decision_id}/send", {"channel": "digital_post"})
    return decision_id


def _order(
    client: TestClient, case_id: uuid.UUID, decision_id: uuid.UUID, world: World, db: Database
) -> tuple[uuid.UUID, str]:
    """Order the granted help (the unit is the service's own, chosen by the form, not typed)."""
    with db.sessions() as session:
        goal_ids = session.scalars(select(Goal.id)).all()
    unit = service_type("SEL-85").scope_unit
    _posted(
        client,
        f"/sager/{case_id}/bestilling",
        {
            "decision_id": str(decision_id),
            "service_code": service_type("SEL-85").intervention_codes()[0].code,
            "provider_id": str(world.provider_id),
            "scope_amount": "3",
            "scope_unit": unit,
            "period_start": str(clock.today()),
            "goal_ids": [str(g) for g in goal_ids],
            "follow_up_on": str(clock.today() + timedelta(days=90)),
        },
    )
    with db.sessions() as session:
        found = select(Intervention.id).where(Intervention.case_id == case_id)
        return session.scalars(found).one(), unit


def test_every_text_a_caseworker_types_in_the_flow_is_shown_again(
    client: TestClient, world: World, db: Database
) -> None:
    client.post("/login/demo", data={"username": "anna"})
    mark = Markers()
    case_id = _open_case(client, mark)
    _assess_and_plan(client, case_id, mark)
    decision_id = _decide(client, case_id, db)
    intervention_id, _unit = _order(client, case_id, decision_id, world, db)
    _posted(
        client,
        f"/indsatser/{intervention_id}/opfoelgning",
        {
            "outcome": "fortsæt",
            "note": mark("follow_up_note", "Borgeren siger: {} går bedre."),
            "next_follow_up_on": str(clock.today() + timedelta(days=180)),
        },
    )
    _posted(
        client,
        f"/sager/{case_id}/journal",
        {
            "kind": "hjemmebesøg",
            "occurred_on": str(clock.today()),
            "body": mark("journal_body", "Besøg: {} havde ryddet op."),
        },
    )
    shown = " ".join(
        [
            *(
                _page_text(client, f"/sager/{case_id}{section}")
                for section in ("", "/udredning", "/plan", "/afgoerelse", "/bestilling", "/journal")
            ),
            _pdf_text(client, f"/sager/{case_id}/plan.pdf"),
            _pdf_text(client, f"/afgoerelser/{decision_id}/brev.pdf"),
        ]
    )
    lost = {field: word for field, word in mark.by_field.items() if word not in shown}
    assert lost == {}
    assert len(mark.by_field) == 17


def test_the_plan_pdf_carries_the_citizens_wishes_resources_and_support_need(
    client: TestClient, world: World
) -> None:
    client.post("/login/demo", data={"username": "anna"})
    mark = Markers()
    case_id = _open_case(client, mark)
    _assess_and_plan(client, case_id, mark)
    text = _pdf_text(client, f"/sager/{case_id}/plan.pdf")
    for field in ("citizen_text", "resources", "wishes", "citizen_words", "purpose"):
        assert mark.by_field[field] in text, field
    assert "Moderat støttebehov" in text


def test_the_inquiry_text_is_found_by_the_caseworkers_search(
    client: TestClient, world: World
) -> None:
    client.post("/login/demo", data={"username": "anna"})
    found = client.post("/mine-sager/soeg", data={"q": "beholde lejlighed"}).text
    assert "Mette har angst og gæld og vil beholde sin lejlighed." in found
    assert f"/sager/{world.mette_case_id}#henvendelse" in found
    client.post("/logout")
    client.post("/login/demo", data={"username": "carl"})
    assert (
        "beholde sin lejlighed"
        not in client.post("/mine-sager/soeg", data={"q": "beholde lejlighed"}).text
    )


def test_a_refused_follow_up_keeps_the_note_that_was_typed(
    client: TestClient, world: World, db: Database
) -> None:
    client.post("/login/demo", data={"username": "anna"})
    mark = Markers()
    case_id = _open_case(client, mark)
    _assess_and_plan(client, case_id, mark)
    intervention_id, _ = _order(client, case_id, _decide(client, case_id, db), world, db)
    page = client.post(
        f"/indsatser/{intervention_id}/opfoelgning",
        data={
            "outcome": "fortsæt",
            "note": "Borgeren vil gerne fortsætte med samme medarbejder.",
            "next_follow_up_on": str(clock.today() - timedelta(days=1)),
        },
    ).text
    assert "Næste opfølgning skal ligge efter i dag." in page
    assert "Borgeren vil gerne fortsætte med samme medarbejder." in page
