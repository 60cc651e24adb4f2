# SPDX-License-Identifier: MPL-2.0
"""The demo personas from UX.md: staff to log in as, and three citizens with their stories."""

from dataclasses import dataclass

from samskab.organisations.models import Role

ADULT_NORTH, ADULT_SOUTH, CARE = "Team Voksen Nord", "Team Voksen Syd", "Team Ældre og Sundhed"


@dataclass(frozen=True)
class StaffPersona:
    """A member of staff in the demo municipality."""

    username: str
    name: str
    roles: tuple[Role, ...]
    team: str | None
    title: str
    description: str
    provider: str | None = None


STAFF: tuple[StaffPersona, ...] = (
    StaffPersona(
        "anna",
        "Anna Holm",
        (Role.CASEWORKER,),
        ADULT_NORTH,
        "Socialrådgiver",
        "Sagsbehandler i Team Voksen Nord",
    ),
    StaffPersona(
        "bo",
        "Bo Kjær",
        (Role.TEAM_LEAD,),
        ADULT_NORTH,
        "Teamleder",
        "Teamleder for Team Voksen Nord",
    ),
    StaffPersona(
        "carl",
        "Carl Mikkelsen",
        (Role.CASEWORKER,),
        ADULT_SOUTH,
        "Socialrådgiver",
        "Sagsbehandler i Team Voksen Syd – ser ikke Annas borgere",
    ),
    StaffPersona(
        "hanne",
        "Hanne Lund",
        (Role.CASEWORKER,),
        CARE,
        "Visitator",
        "Visitator i Team Ældre og Sundhed",
    ),
    StaffPersona(
        "dorte",
        "Dorte Friis",
        (Role.PROVIDER_STAFF,),
        None,
        "Bostøttemedarbejder",
        "Medarbejder hos Bostøtten Nord (udfører)",
        provider="Bostøtten Nord",
    ),
    StaffPersona(
        "erik",
        "Erik Vestergaard",
        (Role.REGIONAL_COORDINATOR,),
        None,
        "Koordinator, KKR-sekretariatet",
        "Regional koordinator",
    ),
    StaffPersona(
        "freja", "Freja Dam", (Role.ANALYST,), None, "Analytiker", "Analytiker (kun samlede tal)"
    ),
    StaffPersona(
        "gorm",
        "Gorm Iversen",
        (Role.ADMIN,),
        None,
        "IT-administrator",
        "Administrator (ingen borgerdata)",
    ),
)


@dataclass(frozen=True)
class GoalStory:
    """A goal in the citizen's own words, with the professional wording."""

    citizen_words: str
    professional_wording: str
    goal_type: str
    ratings: tuple[int, ...]


@dataclass(frozen=True)
class CaseStory:
    """A case of a persona citizen, told in data."""

    service_type: str
    team: str
    caseworker: str
    status: str
    days_ago: int
    inquiry_from: str
    inquiry_text: str
    themes: tuple[tuple[str, int, str, int, str], ...]
    goals: tuple[GoalStory, ...]
    intervention: tuple[str, float] | None
    notes: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class CitizenPersona:
    """A demo citizen with their story."""

    first_name: str
    last_name: str
    age: int
    female: bool
    communication_needs: str | None
    cases: tuple[CaseStory, ...]


# Themes: (FFB/FSIII display, citizen level, citizen words, professional level, professional text)
CITIZENS: tuple[CitizenPersona, ...] = (
    CitizenPersona(
        "Mette",
        "Sørensen",
        34,
        True,
        "Foretrækker sms frem for brev. Bliver urolig af telefonopkald.",
        (
            CaseStory(
                "SEL-85",
                ADULT_NORTH,
                "anna",
                "active",
                120,
                "borger",
                "Mette henvender sig selv. Hun har angst, gæld og kontakt til jobcentret og "
                "vil gerne beholde sin lejlighed og komme i arbejde igen.",
                (
                    (
                        "Varetage økonomi",
                        3,
                        "Jeg åbner ikke mine regninger, for jeg bliver bange.",
                        2,
                        "Mette har overblik over indtægter, men undgår post og rykkere.",
                    ),
                    (
                        "Følelser og adfærd",
                        3,
                        "Angsten fylder det meste af dagen.",
                        3,
                        "Mette beskriver daglig angst, som begrænser hende i at gå ud.",
                    ),
                    (
                        "Varetage beskæftigelse",
                        2,
                        "Jeg vil gerne arbejde igen, bare ikke fuld tid.",
                        3,
                        "Mette har været sygemeldt i 14 måneder og har kontakt til jobcentret.",
                    ),
                    (
                        "Boligsituation",
                        1,
                        "Jeg er glad for min lejlighed og vil ikke miste den.",
                        2,
                        "Huslejerestance på to måneder; udlejer har sendt påkrav.",
                    ),
                ),
                (
                    GoalStory(
                        "Jeg vil kunne åbne min post selv og vide, hvad jeg skylder.",
                        "Mette opnår overblik over sin økonomi og gæld.",
                        "udvikle",
                        (3, 4, 6),
                    ),
                    GoalStory(
                        "Jeg vil blive boende i min lejlighed.",
                        "Mette fastholder sin bolig.",
                        "fastholde",
                        (5, 6),
                    ),
                    GoalStory(
                        "Jeg vil i praktik et par dage om ugen inden sommer.",
                        "Mette deltager i virksomhedspraktik i samarbejde med jobcentret.",
                        "udvikle",
                        (2, 3),
                    ),
                ),
                ("Socialpædagogisk støtte", 3.0),
                (
                    (
                        "Første samtale",
                        "Mette fortalte om angsten og om gælden. Vi aftalte, at "
                        "hun får støtte til at åbne post sammen med en bostøtte.",
                    ),
                    (
                        "Møde med jobcentret",
                        "Fælles møde med Mettes kontaktperson fra jobcentret. "
                        "Mette vil gerne i praktik, men ikke på fuld tid.",
                    ),
                ),
            ),
        ),
    ),
    CitizenPersona(
        "Jens",
        "Madsen",
        78,
        False,
        "Hører dårligt på venstre øre. Datteren Lene har fuldmagt og deltager gerne i møder.",
        (
            CaseStory(
                "SEL-83a",
                CARE,
                "hanne",
                "active",
                40,
                "sygehus",
                "Udskrevet efter hoftebrud. Sygehuset anbefaler rehabilitering i hjemmet.",
                (
                    (
                        "Egenomsorg",
                        2,
                        "Jeg kan ikke komme i bad alene endnu.",
                        3,
                        "Jens har brug for hjælp til bad og påklædning af underkrop.",
                    ),
                    (
                        "Mobilitet",
                        3,
                        "Jeg tør ikke gå på trappen.",
                        3,
                        "Går med rollator indendørs; trapper er en risiko.",
                    ),
                ),
                (
                    GoalStory(
                        "Jeg vil kunne gå i bad selv igen.",
                        "Jens bliver selvhjulpen ved personlig hygiejne.",
                        "udvikle",
                        (2, 4, 5),
                    ),
                ),
                ("RH Personlig hygiejne", 4.0),
                (
                    (
                        "Rehabiliteringsmøde",
                        "Jens og datteren Lene deltog. Jens vil helst klare "
                        "sig selv, men er bange for at falde.",
                    ),
                ),
            ),
            CaseStory(
                "SUL-140",
                CARE,
                "hanne",
                "active",
                38,
                "sygehus",
                "Genoptræningsplan fra sygehuset efter hoftebrud.",
                (
                    (
                        "Mobilitet",
                        3,
                        "Benet er svagt, og jeg bliver hurtigt træt.",
                        3,
                        "Nedsat muskelstyrke i højre ben; gangdistance ca. 50 meter.",
                    ),
                ),
                (
                    GoalStory(
                        "Jeg vil kunne gå til bageren igen.",
                        "Jens øger sin gangdistance til 400 meter med rollator.",
                        "udvikle",
                        (2, 3, 5),
                    ),
                ),
                ("Fysisk træning", 2.0),
                (("Opstart af genoptræning", "Træning to gange om ugen på træningscentret."),),
            ),
        ),
    ),
    CitizenPersona(
        "Ali",
        "Hassan",
        22,
        False,
        "Har brug for tydelige, skriftlige aftaler og god tid.",
        (
            CaseStory(
                "SEL-107",
                ADULT_NORTH,
                "anna",
                "assessment",
                30,
                "anden_myndighed",
                "Ali har autisme og fylder snart 23. Hans anbringelse slutter, og "
                "børneområdet beder om en plan for overgangen til voksenlivet.",
                (
                    (
                        "Varetage bolig",
                        3,
                        "Jeg har aldrig boet alene.",
                        3,
                        "Ali har brug for støtte til struktur i hverdagen og indkøb.",
                    ),
                    (
                        "Indgå i samspil og kontakt",
                        2,
                        "Jeg kan godt lide at være sammen med min bror.",
                        3,
                        "Ali trives med få, faste relationer.",
                    ),
                    (
                        "Varetage uddannelse",
                        1,
                        "Jeg vil gerne lære at blive kok.",
                        2,
                        "Ali har afsluttet 9. klasse og har været i praktik i et køkken.",
                    ),
                ),
                (
                    GoalStory(
                        "Jeg vil bo tæt på min bror i Aalborg.",
                        "Ali får et midlertidigt botilbud nær sit netværk i Aalborg.",
                        "udvikle",
                        (4,),
                    ),
                    GoalStory(
                        "Jeg vil lære at lave min egen mad.",
                        "Ali udvikler færdigheder i madlavning og indkøb.",
                        "udvikle",
                        (3,),
                    ),
                ),
                None,
                (
                    (
                        "Overgangsmøde",
                        "Møde med Ali, hans bror og sagsbehandleren fra børneområdet. "
                        "Ali vil gerne bo tæt på sin bror.",
                    ),
                ),
            ),
        ),
    ),
)
