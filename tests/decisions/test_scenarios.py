# SPDX-License-Identifier: MPL-2.0
"""Scenarios per law, from the caseworker's side through the web app's own forms; each reads
the letter's PDF text and checks legal basis, hearing paragraph, appeal body and deadline."""

import io
import uuid
from dataclasses import dataclass

from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import select

from samskab.core import clock
from samskab.core.calendar import deadline_after
from samskab.core.db import Database
from samskab.decisions.models import Decision
from tests.builders import World
from tests.decisions.helpers import long_date, open_case_under, ready_for_decision


@dataclass
class Caseworker:
    """Anna in the web app."""

    client: TestClient
    db: Database
    case_id: str

    def save_draft(self, **fields: str) -> None:
        answer = self.client.post(
            f"/sager/{self.case_id}/afgoerelse/kladde", data={"version": self.version()} | fields
        )
        assert answer.status_code == 200 and "mens du skrev" not in answer.text

    def step(self, step: str, **fields: str) -> str:
        answer = self.client.post(f"/afgoerelser/{self.decision_id()}/{step}", data=fields)
        assert answer.status_code == 200, answer.text
        return answer.text

    def decision_id(self) -> uuid.UUID:
        with self.db.unit_of_work() as session:
            found = session.scalar(
                select(Decision.id)
                .where(Decision.case_id == uuid.UUID(self.case_id))
                .order_by(Decision.created_at.desc())
            )
            assert found is not None
            return found

    def version(self) -> str:
        with self.db.unit_of_work() as session:
            found = session.scalar(
                select(Decision.version).where(
                    Decision.case_id == uuid.UUID(self.case_id), Decision.status == "draft"
                )
            )
            return "" if found is None else str(found)

    def letter(self, name: str = "brev") -> str:
        answer = self.client.get(f"/afgoerelser/{self.decision_id()}/{name}.pdf")
        assert answer.headers["content-type"] == "application/pdf"
        pages = PdfReader(io.BytesIO(answer.content)).pages
        return " ".join(" ".join(page.extract_text() for page in pages).split())


def _anna(client: TestClient, world: World, db: Database, case_id: str) -> Caseworker:
    ready_for_decision(client, world, case_id)
    client.post("/login/demo", data={"username": "anna"})
    return Caseworker(client, db, case_id)


def _appeal_by() -> str:
    return f"senest den {long_date(deadline_after(clock.today(), 28))}"


def test_a_section_85_case_with_the_hearing_answered(
    client: TestClient, world: World, db: Database
) -> None:
    anna = _anna(client, world, db, str(world.mette_case_id))
    anna.save_draft(
        outcome="delvist_bevilget",
        granted="Socialpædagogisk støtte 3 timer om ugen i 6 måneder.",
        considerations="Du har brug for støtte til økonomi og post, men ikke til indkøb.",
        facts="Samtalen med dig den 3. november.",
        hearing_needed="ja",
    )
    anna.step("partshoering", text="Vi vurderer, at du klarer indkøb selv.", days="14")
    page = anna.step("send", channel="digital_post")
    assert "Afgørelsen kan først sendes" in page  # the hearing is still open
    anna.step(
        "svar",
        answer="Indkøb klarer jeg, men posten er svær.",
        answered_on=str(clock.today()),
        weighing="Dit svar bekræfter vores vurdering af indkøb.",
    )
    anna.step("send", channel="digital_post")
    text = anna.letter()
    assert "Lovgrundlag: Serviceloven § 85." in text
    assert "Indkøb klarer jeg, men posten er svær." in text
    assert "Sådan har vi brugt dit svar: Dit svar bekræfter vores vurdering" in text
    assert "Vi har ikke fået svar" not in text
    assert _appeal_by() in text and "Ankestyrelsen" in text


def test_a_section_107_refusal(client: TestClient, world: World, db: Database) -> None:
    anna = _anna(client, world, db, open_case_under(db, world, "SEL-107"))
    anna.save_draft(
        outcome="afslag",
        considerations="Du kan bo i egen bolig med støtte efter § 85.",
        facts="Botilbuddets vurdering og samtalen med dig.",
        hearing_needed="ja",
    )
    anna.step("partshoering", text="Botilbuddet vurderer, at du kan bo selv.", days="14")
    anna.step("afkald", waived_on=str(clock.today()))
    anna.step("send", channel="digital_post")
    text = anna.letter()
    assert "Lovgrundlag: Serviceloven § 107." in text and "Du får ikke den hjælp" in text
    assert "at du ikke ønskede at komme med bemærkninger" in text
    assert _appeal_by() in text and "Ankestyrelsen" in text


def test_a_health_act_section_138_home_nursing_case(
    client: TestClient, world: World, db: Database
) -> None:
    anna = _anna(client, world, db, open_case_under(db, world, "SUL-138"))
    anna.save_draft(outcome="bevilget", granted="Hjemmesygepleje 2 besøg om ugen.")
    anna.step("send", channel="digital_post")
    text = anna.letter()
    assert "Lovgrundlag: Sundhedsloven § 138." in text
    assert "Du har fået det, du søgte om, så vi har ikke bedt dig om bemærkninger" in text
    assert "Du klager til Styrelsen for Patientklager" in text and _appeal_by() in text
    assert "Ankestyrelsen" not in text


def test_an_appeal_with_partial_medhold(client: TestClient, world: World, db: Database) -> None:
    anna = _anna(client, world, db, str(world.mette_case_id))
    anna.save_draft(outcome="bevilget", granted="Støtte 2 timer om ugen.")
    anna.step("send", channel="brev")
    anna.step("modtaget", received_on=str(clock.today()))
    anna.step("klage", appealed_on=str(clock.today()), text="Jeg har brug for 4 timer.")
    page = anna.step(
        "genvurdering", outcome="delvist", note="Du får 3 timer; 4 er ikke nødvendigt."
    )
    assert "Jeg har brug for 4 timer." in page and "Du får 3 timer" in page
    decision = anna.letter()
    assert "Lovgrundlag: Serviceloven § 85." in decision and _appeal_by() in decision
    reconsideration = anna.letter("genvurdering")
    assert "delvist medhold" in reconsideration and "Du får 3 timer" in reconsideration
    assert "Jeg har brug for 4 timer." in reconsideration
    assert "har vi sendt videre til Ankestyrelsen" in reconsideration
    forwarding = anna.letter("oversendelse")
    assert "Din klage er sendt til Ankestyrelsen" in forwarding
