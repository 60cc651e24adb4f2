# SPDX-License-Identifier: MPL-2.0
"""FSIII health conditions are assessed as an actual or potential problem, not on 0–4."""

import pytest
from fastapi.testclient import TestClient

from samskab.assessments.actions import record_theme, start_assessment
from samskab.assessments.schemas import ThemeEntryIn
from samskab.core.db import Database
from samskab.core.errors import InvalidInput
from samskab.terminology.scales import ExpectedState, HealthProblem, expected_state_code
from samskab.terminology.services import service_type
from tests.builders import World, make_care_case


def _theme(service: str, display: str) -> str:
    return next(c.code for c in service_type(service).assessment_themes() if c.display == display)


def test_a_health_condition_is_recorded_as_an_actual_problem_with_an_expected_state(
    db: Database, world: World
) -> None:
    case_id = make_care_case(db, world, "SUL-138")
    with db.unit_of_work() as session:
        assessment = start_assessment(session, world.anna, case_id)
        row = record_theme(
            session,
            world.anna,
            assessment.id,
            _theme("SUL-138", "Problemer med tryksår"),
            ThemeEntryIn(
                problem=HealthProblem.ACTUAL,
                expected_state=ExpectedState.DECREASES,
                professional_text="Tryksår kategori 2 på hælen.",
                citizen_text="Det gør ondt, når jeg ligger.",
            ),
        )
        assert (row.problem, row.expected_state) == ("aktuelt", "mindskes")
        assert row.professional_level is None and row.citizen_level is None


def test_a_health_condition_refuses_a_functional_level(db: Database, world: World) -> None:
    case_id = make_care_case(db, world, "SUL-138")
    with db.unit_of_work() as session:
        assessment = start_assessment(session, world.anna, case_id)
        with pytest.raises(InvalidInput, match="ikke på funktionsniveau 0–4"):
            record_theme(
                session,
                world.anna,
                assessment.id,
                _theme("SUL-138", "Problemer med tryksår"),
                ThemeEntryIn(professional_level=3),
            )


def test_a_functional_theme_refuses_a_health_problem(db: Database, world: World) -> None:
    with db.unit_of_work() as session:
        assessment = start_assessment(session, world.anna, world.mette_case_id)
        with pytest.raises(InvalidInput, match="funktionsniveau 0–4"):
            record_theme(
                session,
                world.anna,
                assessment.id,
                _theme("SEL-85", "Varetage økonomi"),
                ThemeEntryIn(problem=HealthProblem.POTENTIAL),
            )


def test_an_expected_state_without_a_problem_is_refused_in_danish() -> None:
    with pytest.raises(ValueError, match="aktuelt eller potentielt"):
        ThemeEntryIn(expected_state=ExpectedState.DISAPPEARS)


def test_the_expected_states_are_fsiii_concepts() -> None:
    code = expected_state_code(ExpectedState.DISAPPEARS)
    assert code.code == "81c827de-ef31-4410-aa57-0d1d1bc6c264"
    assert code.display == "Tilstand forsvinder"


def test_the_assessment_page_of_a_home_nursing_case_asks_fsiii_questions_not_levels(
    client: TestClient, world: World, db: Database
) -> None:
    case_id = make_care_case(db, world, "SUL-138")
    client.post("/login/demo", data={"username": "anna"})
    client.post(f"/sager/{case_id}/udredning/start")
    page = client.get(f"/sager/{case_id}/udredning").text
    assert 'name="problem"' in page and 'name="expected_state"' in page
    assert 'name="professional_level"' not in page and 'name="citizen_level"' not in page
    saved = client.post(
        f"/sager/{case_id}/udredning/tema",
        data={
            "theme_code": _theme("SUL-138", "Problemer med tryksår"),
            "problem": "potentielt",
            "expected_state": "forsvinder",
            "professional_text": "Risiko for tryksår ved sengeleje.",
        },
    )
    assert saved.status_code == 200
    assert "Potentielt problem" in saved.text and "Tilstand forsvinder" in saved.text
    overview = client.get(f"/sager/{case_id}").text
    assert "Potentielt problem" in overview and "Risiko for tryksår ved sengeleje." in overview


def test_a_functional_case_keeps_the_0_to_4_levels(client: TestClient, world: World) -> None:
    client.post("/login/demo", data={"username": "anna"})
    client.post(f"/sager/{world.mette_case_id}/udredning/start")
    page = client.get(f"/sager/{world.mette_case_id}/udredning").text
    assert 'name="professional_level"' in page and 'name="problem"' not in page
