# SPDX-License-Identifier: MPL-2.0
"""Import and export of the offer catalogue as CSV or JSON, with a validation report.

A file is checked whole before anything is written: every problem is reported with its row,
field and reason, and a file with any bad row imports nothing. Offers are matched on their
number (tilbudsnummer): known numbers are updated, new ones created. Tariffs are never taken
from the file; they are computed from the cost basis by the region's rule.
"""

import csv
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from samskab.access.actor import Actor
from samskab.access.policies import administers, imports_offers
from samskab.audit.actions import record
from samskab.core import clock, formats
from samskab.core.errors import DomainError, Forbidden, InvalidInput
from samskab.offers import codes, tariffs
from samskab.offers.models import Offer, Operator, Specialisation
from samskab.terminology.geography import lies_in, municipalities, postcode_for

# Column in the file → attribute, in the order an export writes them.
COLUMNS: dict[str, str] = {
    "tilbudsnummer": "code",
    "navn": "name",
    "leverandoer": "provider_name",
    "driftsform": "operator",
    "paragraf": "service_type",
    "tilbudstype": "offer_type_code",
    "maalgrupper": "target_groups",
    "specialisering": "specialisation",
    "pladser": "places",
    "belagte_pladser": "occupied",
    "venteliste": "waiting",
    "budgetteret_belaegning": "budgeted_occupancy",
    "postnummer": "postcode",
    "kommunekode": "municipality_code",
    "omkostningsgrundlag": "cost_basis",
    "regulering": "carried",
    "taksaar": "tariff_year",
    "opholdstid_dage": "mean_stay_days",
}
# Written on export for people to read; ignored on import (tariffs are always recomputed).
COMPUTED = ("takst_pr_doegn", "takstberegning")
REQUIRED = tuple(c for c in COLUMNS if c not in {"venteliste", "regulering"})
GROUP_SEPARATOR = "|"
MAX_ROWS = 20_000


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an import: the row (as in the file; 0 for the file itself)."""

    row: int
    field: str
    reason: str


@dataclass
class ImportReport:
    """What an import did, or why it did nothing."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the file was imported."""
        return not self.problems


class ImportRejected(DomainError):
    """A file with problems; nothing was imported."""

    def __init__(self, report: ImportReport) -> None:
        count = len(report.problems)
        super().__init__(
            f"Filen blev ikke indlæst: {count} fejl i "
            f"{len({p.row for p in report.problems})} række(r). Ret dem og indlæs filen igen.",
            details={"problems": [p.__dict__ for p in report.problems]},
        )
        self.report = report


def _acting_region(actor: Actor) -> str | None:
    """The region a coordinator imports for (their municipality's); None: any (administrator)."""
    if administers(actor):
        return None
    if not imports_offers(actor):
        raise Forbidden("Kun den regionale koordinator kan indlæse tilbud.")
    town = municipalities().get(actor.municipality_code or "")
    if town is None:
        raise Forbidden("Din bruger hører ikke til en kommune, så du kan ikke indlæse tilbud.")
    return town.region_code


def read_rows(data: bytes, fmt: str) -> tuple[list[dict[str, Any]], list[Problem], int]:
    """The rows of a CSV or JSON file with the row numbers people see, or a file problem.

    Returns the rows, file-level problems and the number of the first data row.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [Problem(0, "fil", "Filen er ikke gemt som UTF-8.")], 1
    if fmt == "json":
        try:
            loaded = json.loads(text)
        except json.JSONDecodeError as error:
            return [], [Problem(0, "fil", f"Filen er ikke gyldig JSON (linje {error.lineno}).")], 1
        items = loaded.get("tilbud") if isinstance(loaded, dict) else loaded
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            reason = 'JSON-filen skal være en liste af tilbud eller {"tilbud": [...]}.'
            return [], [Problem(0, "fil", reason)], 1
        return items, [], 1
    if fmt != "csv":
        return [], [Problem(0, "fil", "Formatet skal være csv eller json.")], 1
    lines = text.splitlines()
    if not lines:
        return [], [Problem(0, "fil", "Filen er tom.")], 2
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter, restval="", restkey="_extra")
    header = reader.fieldnames or []
    problems = [Problem(1, c, "Kolonnen mangler.") for c in REQUIRED if c not in header]
    known = set(COLUMNS) | set(COMPUTED)
    problems += [Problem(1, c, "Ukendt kolonne.") for c in header if c not in known]
    rows = []
    for row in reader:
        if row.get("_extra"):
            row["_extra_count"] = len(row["_extra"])
        rows.append(row)
    return rows, problems, 2


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


# A whole number as people write it: 1234, 1.234, 1 234 or -5 – never "2.5" or "2,5".
WHOLE = re.compile(r"-?(\d{1,3}([. ]\d{3})+|\d+)")


def _integer(value: Any, column: str, row: int, problems: list[Problem]) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        number = None
    elif isinstance(value, float):
        number = int(value) if value.is_integer() else None
    elif isinstance(value, int):
        number = value
    else:
        text = value.strip()
        number = int(text.replace(".", "").replace(" ", "")) if WHOLE.fullmatch(text) else None
    if number is None or abs(number) >= 2**31:
        problems.append(Problem(row, column, f"'{_text(value)[:30]}' er ikke et helt tal."))
        return None
    return number


def _decimal(value: Any, column: str, row: int, problems: list[Problem]) -> float | None:
    try:
        number = float(_text(value).replace(",", ".").rstrip("%").strip())
    except ValueError:
        problems.append(Problem(row, column, f"'{_text(value)[:30]}' er ikke et tal."))
        return None
    return number / 100 if number > 1.5 else number  # 95 and 0,95 both mean 95 %


def check_row(
    raw: dict[str, Any], row: int, rule: tariffs.TariffRule = tariffs.RULE
) -> tuple[dict[str, Any], list[Problem]]:
    """One row turned into offer values, with every problem found in it."""
    problems: list[Problem] = []
    if raw.get("_extra_count"):
        problems.append(Problem(row, "række", "Rækken har flere felter end overskriften."))
    for column in raw:
        if column not in COLUMNS and column not in COMPUTED and not column.startswith("_"):
            problems.append(Problem(row, column, "Ukendt felt."))
    values: dict[str, Any] = {}
    for column in REQUIRED:
        if _text(raw.get(column)) == "":
            problems.append(Problem(row, column, "Feltet skal udfyldes."))
    for column, limit in (("tilbudsnummer", 40), ("navn", 200), ("leverandoer", 200)):
        text = _text(raw.get(column))
        if len(text) > limit:
            problems.append(Problem(row, column, f"Højst {limit} tegn."))
        elif any(ord(ch) < 32 for ch in text):
            problems.append(Problem(row, column, "Feltet indeholder kontroltegn."))
        values[COLUMNS[column]] = text
    operator = _text(raw.get("driftsform")).lower()
    if operator and operator not in {o.value for o in Operator}:
        problems.append(Problem(row, "driftsform", "Skal være kommunal, regional eller privat."))
    values["operator"] = operator
    service = _text(raw.get("paragraf")).replace("§", "").replace(" ", "").upper()
    service = service if service.startswith("SEL") else f"SEL{service}"
    service = service.replace("SEL", "SEL-").replace("--", "-")
    if _text(raw.get("paragraf")) and service not in codes.OFFER_SERVICES:
        allowed = ", ".join(k.replace("SEL-", "§ ") for k in codes.OFFER_SERVICES)
        problems.append(Problem(row, "paragraf", f"Skal være en af serviceloven {allowed}."))
    values["service_type"] = service
    offer_type = _text(raw.get("tilbudstype"))
    if offer_type:
        try:
            values["offer_type_code"] = codes.resolve(
                offer_type, codes.offer_types(), "tilbudstype"
            ).code
        except DomainError as error:
            problems.append(Problem(row, "tilbudstype", error.message))
    groups_raw = raw.get("maalgrupper")
    groups = (
        [_text(g) for g in groups_raw]
        if isinstance(groups_raw, list)
        else [g for g in (_text(x) for x in _text(groups_raw).split(GROUP_SEPARATOR)) if g]
    )
    values["target_groups"] = []
    for group in groups:
        try:
            values["target_groups"].append(
                codes.resolve(group, codes.target_groups(), "målgruppe").code
            )
        except DomainError as error:
            problems.append(Problem(row, "maalgrupper", error.message))
    for column in (
        "specialisering",
        "pladser",
        "belagte_pladser",
        "taksaar",
        "opholdstid_dage",
        "omkostningsgrundlag",
    ):
        if _text(raw.get(column)):
            values[COLUMNS[column]] = _integer(raw.get(column), column, row, problems)
    for column in ("venteliste", "regulering"):
        values[COLUMNS[column]] = (
            _integer(raw.get(column), column, row, problems) if _text(raw.get(column)) else 0
        )
    if _text(raw.get("budgetteret_belaegning")):
        values["budgeted_occupancy"] = _decimal(
            raw.get("budgetteret_belaegning"), "budgetteret_belaegning", row, problems
        )
    _check_offer_type(values, row, problems)
    _check_numbers(values, row, problems, rule)
    _check_place(raw, values, row, problems)
    return values, problems


def _check_offer_type(values: dict[str, Any], row: int, problems: list[Problem]) -> None:
    service, offer_type = values.get("service_type"), values.get("offer_type_code")
    if service not in codes.OFFER_SERVICES or offer_type is None:
        return
    if offer_type not in codes.offer_types_for(service):
        shown = codes.offer_types()[offer_type].display
        problems.append(
            Problem(
                row,
                "tilbudstype",
                f"'{shown}' passer ikke til {service.replace('SEL-', 'serviceloven § ')}.",
            )
        )


def _percent(share: float) -> str:
    return formats.number(share * 100, locale=formats.DANISH)


def _check_numbers(
    values: dict[str, Any], row: int, problems: list[Problem], rule: tariffs.TariffRule
) -> None:
    level = values.get("specialisation")
    if level is not None and level not in {s.value for s in Specialisation}:
        problems.append(Problem(row, "specialisering", "Skal være 1, 2 eller 3."))
    places, occupied = values.get("places"), values.get("occupied")
    if places is not None and places <= 0:
        problems.append(Problem(row, "pladser", "Der skal være mindst én plads."))
    if occupied is not None and (occupied < 0 or (places is not None and 0 < places < occupied)):
        problems.append(Problem(row, "belagte_pladser", "Skal ligge mellem 0 og antal pladser."))
    if (values.get("waiting") or 0) < 0:
        problems.append(Problem(row, "venteliste", "Kan ikke være negativ."))
    stay = values.get("mean_stay_days")
    if stay is not None and stay <= 0:
        problems.append(Problem(row, "opholdstid_dage", "Skal være mindst 1 dag."))
    year = values.get("tariff_year")
    if year is not None and not 2000 <= year <= 2100:
        problems.append(Problem(row, "taksaar", "Skal være et årstal."))
    occupancy = values.get("budgeted_occupancy")
    if occupancy is not None and not rule.lowest_occupancy <= occupancy <= rule.highest_occupancy:
        problems.append(
            Problem(
                row,
                "budgetteret_belaegning",
                f"Rammeaftalen budgetterer med {_percent(rule.lowest_occupancy)}–"
                f"{_percent(rule.highest_occupancy)} % belægning.",
            )
        )
    cost = values.get("cost_basis")
    if cost is not None and cost <= 0:
        problems.append(Problem(row, "omkostningsgrundlag", "Skal være større end 0 kr."))
    elif cost is not None and cost + (values.get("carried") or 0) <= 0:
        problems.append(Problem(row, "regulering", "Overskuddet er større end omkostningerne."))


def _check_place(
    raw: dict[str, Any], values: dict[str, Any], row: int, problems: list[Problem]
) -> None:
    kommune = _text(raw.get("kommunekode")).zfill(4) if _text(raw.get("kommunekode")) else ""
    town = municipalities().get(kommune)
    if kommune and town is None:
        problems.append(Problem(row, "kommunekode", f"Kommunekoden '{kommune[:8]}' findes ikke."))
    postcode_text = _text(raw.get("postnummer"))
    area = postcode_for(int(postcode_text)) if postcode_text.isdigit() else None
    if postcode_text and (area is None or len(postcode_text) != 4):
        problems.append(
            Problem(row, "postnummer", f"Postnummeret '{postcode_text[:8]}' findes ikke.")
        )
    if town is not None and area is not None and not lies_in(area, town):
        problems.append(
            Problem(
                row,
                "postnummer",
                f"Postnummeret {postcode_text} ({area.name}) ligger ikke i {town.name} Kommune.",
            )
        )
    if town is not None:
        values.update(municipality_code=town.code, region_code=town.region_code)
    if area is not None:
        values.update(postcode=postcode_text, lat=area.lat, lon=area.lon)


def check(
    rows: list[dict[str, Any]], first_row: int, rule: tariffs.TariffRule = tariffs.RULE
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Every row checked, duplicates across rows included."""
    checked, problems = [], []
    seen: dict[str, int] = {}
    if len(rows) > MAX_ROWS:
        return [], [Problem(0, "fil", f"Højst {MAX_ROWS} tilbud pr. fil.")]
    if not rows:
        return [], [Problem(0, "fil", "Filen indeholder ingen tilbud.")]
    for index, raw in enumerate(rows):
        row = first_row + index
        values, found = check_row(raw, row, rule)
        code = values.get("code", "")
        if code and code in seen:
            found.append(Problem(row, "tilbudsnummer", f"Står også i række {seen[code]}."))
        seen.setdefault(code, row)
        checked.append(values)
        problems.extend(found)
    return checked, problems


def import_offers(
    session: Session,
    actor: Actor,
    data: bytes,
    fmt: str,
    rule: tariffs.TariffRule | None = None,
) -> ImportReport:
    """Import a whole file in the caller's transaction, or nothing (ImportRejected)."""
    region = _acting_region(actor)
    rule = rule or tariffs.configured()
    rows, problems, first = read_rows(data, fmt)
    checked: list[dict[str, Any]] = []
    if not any(p.row == 0 for p in problems):
        checked, row_problems = check(rows, first, rule)
        # A missing or unknown column is reported once, at the header, not again on each row.
        in_header = {p.field for p in problems}
        problems += [p for p in row_problems if p.field not in in_header]
    existing = {
        o.code: o
        for o in session.scalars(select(Offer).where(Offer.code.in_([v["code"] for v in checked])))
    }
    if region is not None:
        problems += _outside_region(checked, existing, region, first)
    report = ImportReport(rows=len(rows), problems=problems)
    if not report.ok:
        raise ImportRejected(report)
    now = clock.now()
    for values in checked:
        tariff = tariffs.compute(
            values["cost_basis"],
            values["places"],
            values["budgeted_occupancy"],
            values["tariff_year"],
            values["carried"],
            rule,
        )
        values["tariff_per_day"] = tariff.per_day
        offer = existing.get(values["code"])
        if offer is None:
            session.add(Offer(**values, updated_at=now))
            report.created += 1
        else:
            for name, value in values.items():
                setattr(offer, name, value)
            offer.updated_at = now
            report.updated += 1
    record(session, actor, "offers.import", citizen_id=None, object_type="offer")
    return report


def _outside_region(
    checked: list[dict[str, Any]], existing: dict[str, Offer], region: str, first: int
) -> list[Problem]:
    """Rows that would create or change an offer outside the coordinator's own region."""
    problems = []
    for index, values in enumerate(checked):
        offer = existing.get(values.get("code", ""))
        if offer is not None and offer.region_code != region:
            reason = "Tilbuddet hører til en anden region; kun den region kan ændre det."
            problems.append(Problem(first + index, "tilbudsnummer", reason))
        elif values.get("region_code") not in (None, region):
            reason = "Kommunen ligger i en anden region; du kan kun indlæse tilbud i din egen."
            problems.append(Problem(first + index, "kommunekode", reason))
    return problems


def export_rows(offers: list[Offer]) -> list[dict[str, Any]]:
    """Offers as rows with readable codes and the tariff computation."""
    types, groups = codes.offer_types(), codes.target_groups()
    rows = []
    for offer in offers:
        row: dict[str, Any] = {column: getattr(offer, name) for column, name in COLUMNS.items()}
        row["paragraf"] = offer.service_type.replace("SEL-", "SEL § ")
        row["tilbudstype"] = types[offer.offer_type_code].display
        row["maalgrupper"] = [groups[g].display for g in offer.target_groups]
        row["takst_pr_doegn"] = offer.tariff_per_day
        row["takstberegning"] = tariffs.Tariff(
            offer.tariff_per_day,
            offer.cost_basis,
            offer.carried,
            offer.places,
            offer.budgeted_occupancy,
            tariffs.days_in(offer.tariff_year),
        ).explanation()
        rows.append(row)
    return rows


def export(session: Session, actor: Actor, fmt: str, region_code: str | None = None) -> bytes:
    """The catalogue (or one region's part) as CSV (semicolon, UTF-8 with BOM) or JSON."""
    query = select(Offer).order_by(Offer.code)
    if region_code:
        query = query.where(Offer.region_code == region_code)
    rows = export_rows(list(session.scalars(query)))
    record(session, actor, "offers.export", citizen_id=None, object_type="offer")
    if fmt == "json":
        return json.dumps({"tilbud": rows}, ensure_ascii=False, indent=1).encode()
    if fmt != "csv":
        raise InvalidInput("Formatet skal være csv eller json.", field="format")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[*COLUMNS, *COMPUTED], delimiter=";")
    writer.writeheader()
    for row in rows:
        row["maalgrupper"] = GROUP_SEPARATOR.join(row["maalgrupper"])
        row["budgetteret_belaegning"] = formats.number(
            row["budgetteret_belaegning"], 2, fixed=True, locale=formats.DANISH
        )
        row["takst_pr_doegn"] = formats.number(
            row["takst_pr_doegn"], 2, fixed=True, locale=formats.DANISH
        )
        writer.writerow(row)
    return out.getvalue().encode("utf-8-sig")
