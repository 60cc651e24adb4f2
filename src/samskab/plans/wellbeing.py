# SPDX-License-Identifier: MPL-2.0
"""'Sådan har jeg det': samskab's own four-statement wellbeing scale, answered by the citizen.

The statements and the five answers are our own wording (not ORS, SRS or the Outcomes Star):
the citizen says how well each statement fits their last two weeks.
"""

import uuid

from pydantic import Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.access.policies import require_citizen
from samskab.core import clock
from samskab.core.validation import Input
from samskab.plans.models import WellbeingAnswer

STATEMENTS = {
    "soevn": "Jeg sover godt og har kræfter til dagen.",
    "tryghed": "Jeg føler mig tryg, der hvor jeg bor.",
    "hverdag": "Jeg kan klare det, jeg skal i min hverdag.",
    "haab": "Jeg har noget at glæde mig til.",
}
# The statements in one word, for the heads of a narrow table.
SHORT = {"soevn": "Søvn", "tryghed": "Tryghed", "hverdag": "Hverdag", "haab": "Glæde"}
ANSWERS = {
    1: "Passer slet ikke",
    2: "Passer lidt",
    3: "Passer nogenlunde",
    4: "Passer godt",
    5: "Passer helt",
}


class WellbeingIn(Input):
    """One answer per statement, 1 (fits not at all) to 5 (fits completely)."""

    soevn: int = Field(ge=1, le=5)
    tryghed: int = Field(ge=1, le=5)
    hverdag: int = Field(ge=1, le=5)
    haab: int = Field(ge=1, le=5)


def answer_wellbeing(
    session: Session, actor: Actor, citizen_id: uuid.UUID, data: WellbeingIn
) -> WellbeingAnswer:
    """Record the citizen's answers."""
    require_citizen(session, actor, citizen_id, "wellbeing.rate", object_type="wellbeing")
    answer = WellbeingAnswer(
        citizen_id=citizen_id,
        answers=data.model_dump(),
        answered_by=actor.display_name,
        at=clock.now(),
    )
    session.add(answer)
    session.flush()
    return answer


def wellbeing_for(session: Session, actor: Actor, citizen_id: uuid.UUID) -> list[WellbeingAnswer]:
    """The citizen's answers over time, newest first."""
    require_citizen(session, actor, citizen_id, "wellbeing.read", object_type="wellbeing")
    query = select(WellbeingAnswer).where(WellbeingAnswer.citizen_id == citizen_id)
    return list(session.scalars(query.order_by(WellbeingAnswer.at.desc()).limit(20)))
