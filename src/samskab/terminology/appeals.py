# SPDX-License-Identifier: MPL-2.0
"""Where a citizen complains about a decision, by when, and what happens then: per law.

The appeal guidance of every decision letter (forvaltningsloven § 25), the appeal deadline the
municipality computes and the appeal flow on the decision page all read this table.

Social law (serviceloven, later barnets lov) — retssikkerhedsloven (RSL) §§ 66–67:
the citizen complains to the municipality within 4 weeks of receiving the decision (RSL § 67,
stk. 1); the municipality reconsiders (genvurdering) within 4 weeks; if it does not give the
citizen full medhold it forwards the complaint to Ankestyrelsen with the case papers (RSL § 66,
§ 67, stk. 1–2). Municipal guidance agrees (Furesø, Syddjurs: "4 uger til at klage … kommunen 4
uger til at genvurdere … sendt til Ankestyrelsen").

Health act (sundhedsloven § 138 hjemmesygepleje, § 140 genoptræning efter sygehusophold):
these decisions are NOT appealed to Ankestyrelsen through RSL § 67 (RSL covers the social laws,
not sundhedsloven). The complaint body is Styrelsen for Patientklager (lov om klage- og
erstatningsadgang inden for sundhedsvæsenet, §§ 1–3 a, since 1 July 2018 in place of Styrelsen
for Patientsikkerhed / Patientombuddet). The citizen complains directly to the Styrelse with its
digital complaint form on borger.dk (MitID), within 4 weeks of receiving a decision on their
rights; the municipality has no statutory genvurdering step, and a complaint that reaches the
municipality is sent on to the Styrelse at once (forvaltningsloven § 7, stk. 2). Questions of
service level (waiting time, scope) may be raised with the municipality itself.
Sources checked (stored public pages): Furesø Kommune, "Klagevejledning" (furesoe.dk/borger/
sundhed-og-sygdom/klagevejledning: sygeplejebehandling and træning → Styrelsen for Patientklager,
klageskema på borger.dk); Nordsjællands Hospital, "Klage over rettigheder" (klage til Styrelsen
for Patientklager inden fire uger efter modtagelsen af afgørelsen); Silkeborg Kommune, "Klage og
lovgivning om genoptræning" (SUL § 140: fagligt indhold → Styrelsen for Patientsikkerhed, now
Patientklager; serviceniveau → kommunen); Sundhedsministeriet, "Vejledning om træning", kap. 11
(klage over vurderingen af genoptræningsbehov går til patientklagesystemet); Lægeforeningen,
"Klage over et behandlingssted" (hjemmesygeplejen er et behandlingssted; Styrelsen for
Patientklager afgør sagen). The exact wording of klage- og erstatningsloven § 3 a could not be
read from retsinformation.dk here and should be checked by the municipality's lawyer.
"""

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

WEEK = 7


class AppealBody(StrEnum):
    """The authority that decides a complaint the municipality does not grant itself."""

    ANKESTYRELSEN = "ankestyrelsen"
    PATIENTKLAGER = "styrelsen_for_patientklager"


@dataclass(frozen=True)
class AppealRoute:
    """The complaint route of one law, as a letter explains it and the flow follows it."""

    body: AppealBody
    body_name: str
    # Weeks from the day the citizen received the decision.
    deadline_weeks: int
    # Weeks the municipality has to reconsider (genvurdering); None: no such step by law.
    reconsideration_weeks: int | None
    # Where the citizen sends the complaint, as the letter says it.
    lodge_with_municipality: bool
    # What happens, in the plain Danish a letter uses.
    procedure: str
    # The rules cited at the foot of the letter.
    source: str

    @property
    def deadline_days(self) -> int:
        """The appeal period in calendar days."""
        return self.deadline_weeks * WEEK

    @property
    def reconsideration_days(self) -> int | None:
        """The reconsideration period in calendar days, if the law has one."""
        return None if self.reconsideration_weeks is None else self.reconsideration_weeks * WEEK


SOCIAL = AppealRoute(
    body=AppealBody.ANKESTYRELSEN,
    body_name="Ankestyrelsen",
    deadline_weeks=4,
    reconsideration_weeks=4,
    lodge_with_municipality=True,
    procedure=(
        "Vi ser på sagen igen inden for 4 uger. Hvis vi ikke giver dig fuldt ud ret, sender vi "
        "din klage videre til Ankestyrelsen sammen med papirerne i sagen. Ankestyrelsen er den "
        "myndighed, der behandler klager over kommunens afgørelser på det sociale område."
    ),
    source="Klagevejledning efter forvaltningsloven § 25 og retssikkerhedsloven §§ 66–67.",
)

HEALTH = AppealRoute(
    body=AppealBody.PATIENTKLAGER,
    body_name="Styrelsen for Patientklager",
    deadline_weeks=4,
    reconsideration_weeks=None,
    lodge_with_municipality=False,
    procedure=(
        "Du klager direkte til Styrelsen for Patientklager med klageskemaet på borger.dk "
        "(log ind med MitID). Styrelsen for Patientklager behandler klager over afgørelser efter "
        "sundhedsloven. Sender du klagen til os, sender vi den straks videre til styrelsen. "
        "Er du utilfreds med ventetid eller omfang, kan du også altid kontakte os."
    ),
    source=(
        "Klagevejledning efter forvaltningsloven § 25 og lov om klage- og erstatningsadgang "
        "inden for sundhedsvæsenet."
    ),
)

SERVICELOVEN, BARNETS_LOV, SUNDHEDSLOVEN = "Serviceloven", "Barnets lov", "Sundhedsloven"

ROUTES: dict[str, AppealRoute] = {
    SERVICELOVEN: SOCIAL,
    BARNETS_LOV: SOCIAL,
    SUNDHEDSLOVEN: HEALTH,
}


def appeal_route(law: str) -> AppealRoute:
    """The appeal route of a law; every law in the paragraph catalogue has one."""
    return ROUTES[law]


def route_record(route: AppealRoute) -> dict[str, Any]:
    """The route as stored on a sent decision, so its letter keeps saying what it said."""
    return asdict(route) | {"body": route.body.value}


def route_from_record(record: dict[str, Any]) -> AppealRoute:
    """The route a decision was sent with, from what was stored."""
    return AppealRoute(**(record | {"body": AppealBody(record["body"])}))
