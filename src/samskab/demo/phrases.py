# SPDX-License-Identifier: MPL-2.0
"""Plain-Danish phrase banks for synthetic goals, assessments and notes (first person for goals)."""

GOALS = {
    "voksen_social": (
        ("Jeg vil selv kunne betale mine regninger til tiden.", "udvikle"),
        ("Jeg vil have en fast rytme, så jeg står op om morgenen.", "udvikle"),
        ("Jeg vil blive boende i min egen lejlighed.", "fastholde"),
        ("Jeg vil have en ven, jeg kan ringe til.", "udvikle"),
        ("Jeg vil kunne tage bussen alene til arbejde.", "udvikle"),
        ("Jeg vil drikke mindre, så jeg kan passe mit arbejde.", "udvikle"),
        ("Jeg vil lave mad selv tre gange om ugen.", "udvikle"),
        ("Jeg vil holde fast i mit job i værkstedet.", "fastholde"),
        ("Jeg vil se min datter hver anden weekend.", "fastholde"),
        ("Jeg vil kunne handle ind uden at gå i panik.", "udvikle"),
        ("Jeg vil åbne min post hver uge.", "udvikle"),
        ("Jeg vil sove bedre om natten.", "udvikle"),
    ),
    "aeldre_sundhed": (
        ("Jeg vil kunne gå i bad selv.", "udvikle"),
        ("Jeg vil blive ved med at bo i mit hus.", "fastholde"),
        ("Jeg vil kunne gå en tur med hunden igen.", "udvikle"),
        ("Jeg vil selv kunne lave min morgenmad.", "fastholde"),
        ("Jeg vil ikke falde igen.", "begrænse_tab"),
        ("Jeg vil kunne komme op ad trappen til min lejlighed.", "udvikle"),
        ("Jeg vil gerne blive ved med at gå til sang i kirken.", "fastholde"),
        ("Jeg vil klare mig med mindre hjælp om morgenen.", "udvikle"),
        ("Jeg vil beholde kræfterne, så jeg kan se mine børnebørn.", "begrænse_tab"),
    ),
}

CITIZEN_VIEWS = (
    "Det går bedre end før, men jeg har stadig svært ved det.",
    "Jeg synes selv, jeg klarer det meste.",
    "Det er det, jeg har allermest brug for hjælp til.",
    "Nogle dage går det fint, andre dage slet ikke.",
    "Jeg skammer mig over, at jeg ikke kan det selv.",
    "Min familie hjælper mig en del med det.",
    "Jeg vil gerne lære det, hvis nogen viser mig hvordan.",
)

PROFESSIONAL_VIEWS = (
    "Borgeren har brug for støtte til at komme i gang og til at fastholde aftaler.",
    "Borgeren klarer opgaven med guidning; uden støtte bliver den ikke løst.",
    "Funktionsevnen er svingende og afhænger af dagsformen.",
    "Borgeren har ressourcer i netværket, som kan inddrages.",
    "Der er risiko for forværring uden en indsats.",
    "Borgeren klarer opgaven selv, men bruger meget energi på den.",
)

NOTES = (
    ("Telefonsamtale", "Borgeren ringede og spurgte til sagen. Vi aftalte et møde i næste uge."),
    (
        "Hjemmebesøg",
        "Besøg i hjemmet sammen med borgeren. Vi talte om hverdagen og om, hvad "
        "borgeren selv gerne vil.",
    ),
    ("Opfølgning", "Indsatsen virker efter hensigten. Borgeren vurderer selv, at det går fremad."),
    ("Samtale med pårørende", "Datteren fortalte, at borgeren har haft nogle svære uger."),
    ("Møde med udfører", "Udføreren oplever, at borgeren er motiveret og deltager aktivt."),
    ("Sagsoplysning", "Indhentet oplysninger fra egen læge med borgerens samtykke."),
)

# Example quality standards (kvalitetsstandarder): service level, goals, time frame.
STANDARDS = {
    "SEL-85": (
        "Støtte i eget hjem, typisk 1-5 timer om ugen, fra en fast bostøtte.",
        "Du bliver bedre til at klare hverdagen selv: økonomi, bolig, relationer.",
        "Op til 6 måneder ad gangen, derefter opfølgning.",
    ),
    "SEL-83": (
        "Personlig pleje og praktisk hjælp i hjemmet, tilpasset dit behov.",
        "Du kan blive i dit eget hjem og klare så meget som muligt selv.",
        "Revurdering mindst én gang om året.",
    ),
    "SEL-83a": (
        "Et forløb med træning i de opgaver, du gerne vil klare selv.",
        "Du bliver mindre afhængig af hjælp.",
        "Typisk 8-12 uger.",
    ),
    "SEL-107": (
        "Midlertidigt ophold i et botilbud med støtte døgnet rundt.",
        "Du bliver klar til at bo i egen bolig eller et længerevarende tilbud.",
        "Op til 2 år, med opfølgning hver 6. måned.",
    ),
    "SUL-140": (
        "Genoptræning efter genoptræningsplan fra sygehuset.",
        "Du genvinder den funktionsevne, du havde før indlæggelsen.",
        "Opstart senest 7 dage efter udskrivning.",
    ),
}
