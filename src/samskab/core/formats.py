# SPDX-License-Identifier: MPL-2.0
"""Dates, times, numbers, units and plurals for people, in Danish or English, through Babel.

Every page, document, message and command-line report formats through this module, so a date
reads the same everywhere and no one writes month names or decimal commas by hand. Moments are
stored in UTC and always shown in Europe/Copenhagen time, without a zone name.

The locale is Danish unless a page being rendered has chosen English (`use`); letters, journal
texts and domain messages, which are always Danish, pass `locale=DANISH` explicitly. English
follows British conventions (3 Feb 2026, 14:05, 10.5): day-month order and a 24-hour clock.
"""

import datetime as dt
from contextvars import ContextVar, Token
from typing import NamedTuple

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import format_currency, format_decimal, format_percent
from babel.units import format_compound_unit, format_unit

from samskab.core.clock import COPENHAGEN

LOCALES = {"da": "da_DK", "en": "en_GB"}
DEFAULT = DANISH = "da"
MISSING = "–"
# A calendar day, or a moment (counted in the day it is in Copenhagen).
Day = dt.date | dt.datetime
_current: ContextVar[str] = ContextVar("samskab_locale", default=DEFAULT)


def use(locale: str) -> Token[str]:
    """Make a locale current (e.g. while a page renders); returns a token for reset()."""
    return _current.set(locale if locale in LOCALES else DEFAULT)


def reset(token: Token[str]) -> None:
    """Go back to the locale that was current before use()."""
    _current.reset(token)


def current() -> str:
    """The locale in use: 'da' or 'en'."""
    return _current.get()


def _babel(locale: str | None) -> str:
    return LOCALES.get(locale or _current.get(), LOCALES[DEFAULT])


def _local(moment: dt.datetime) -> dt.datetime:
    """A moment on Copenhagen's clock; a naive moment is one stored in UTC."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(COPENHAGEN)


def _day(value: Day) -> dt.date:
    return _local(value).date() if isinstance(value, dt.datetime) else value


def date(value: Day | None, *, long: bool = False, locale: str | None = None) -> str:
    """'3. feb. 2026' ('3. februar 2026' in a letter); a moment counts in Copenhagen's day."""
    if value is None:
        return MISSING
    return format_date(_day(value), "long" if long else "medium", locale=_babel(locale))


def time(value: dt.datetime | None, *, locale: str | None = None) -> str:
    """'14.05' in Danish, '14:05' in English: Copenhagen's clock, with no zone name."""
    if value is None:
        return MISSING
    return format_time(_local(value), "short", locale=_babel(locale))


def date_time(value: dt.datetime | None, *, long: bool = False, locale: str | None = None) -> str:
    """'3. feb. 2026 kl. 14.05' in Copenhagen time ('3 Feb 2026, 14:05' in English)."""
    if value is None:
        return MISSING
    if _babel(locale).startswith("da"):
        # As Danes write it (Retskrivningsordbogen): the hour after "kl.".
        return f"{date(value, long=long, locale=locale)} kl. {time(value, locale=locale)}"
    joined = Locale.parse(_babel(locale)).datetime_formats["long" if long else "medium"]
    return str(joined).format(time(value, locale=locale), date(value, long=long, locale=locale))


def month(value: Day, *, with_year: bool = False, locale: str | None = None) -> str:
    """'november' (or 'november 2026'), as in '10,5 timer leveret i november'."""
    pattern = "LLLL y" if with_year else "LLLL"
    return format_date(_day(value), pattern, locale=_babel(locale))


def number(
    value: float | None, decimals: int = 1, *, fixed: bool = False, locale: str | None = None
) -> str:
    """'1.234,5' in Danish, '1,234.5' in English; trailing zeros dropped unless fixed."""
    if value is None:
        return MISSING
    digits = ("0" if fixed else "#") * decimals
    pattern = f"#,##0.{digits}" if decimals else "#,##0"
    return format_decimal(value, format=pattern, locale=_babel(locale))


def kroner(value: float | None, decimals: int = 2, *, locale: str | None = None) -> str:
    """'1.234,50 kr.': an amount in Danish kroner."""
    if value is None:
        return MISSING
    pattern = f"#,##0.{'0' * decimals} ¤" if decimals else "#,##0 ¤"
    return format_currency(
        value, "DKK", format=pattern, currency_digits=False, locale=_babel(locale)
    )


def percent(share: float | None, *, locale: str | None = None) -> str:
    """'85 %' in Danish, '85%' in English, of a share between 0 and 1."""
    if share is None:
        return MISSING
    return format_percent(share, locale=_babel(locale))


class Noun(NamedTuple):
    """A counted word in its singular and plural form, in Danish and in English."""

    one: str
    other: str
    one_en: str
    other_en: str


NOUNS = {
    "notat": Noun("notat", "notater", "note", "notes"),
    "sag": Noun("sag", "sager", "case", "cases"),
    "borger": Noun("borger", "borgere", "citizen", "citizens"),
    "tilbud": Noun("tilbud", "tilbud", "offer", "offers"),
    "plads": Noun("plads", "pladser", "place", "places"),
    "ledig plads": Noun("ledig plads", "ledige pladser", "vacant place", "vacant places"),
    "besøg": Noun("besøg", "besøg", "visit", "visits"),
    "gang": Noun("gang", "gange", "time", "times"),
    "udgave": Noun("udgave", "udgaver", "version", "versions"),
    "gemt udgave": Noun("gemt udgave", "gemte udgaver", "saved version", "saved versions"),
    "fejl": Noun("fejl", "fejl", "error", "errors"),
    "ny besked": Noun("ny besked", "nye beskeder", "new message", "new messages"),
}

# Words CLDR knows as units, declined by Babel itself ("1 time", "2 timer", "1 dag", "3 dage").
UNITS = {
    "time": "duration-hour",
    "dag": "duration-day",
    "uge": "duration-week",
    "måned": "duration-month",
    "år": "duration-year",
    "minut": "duration-minute",
    "km": "length-kilometer",
}


def word(amount: float, noun: str, *, locale: str | None = None) -> str:
    """The form of a counted noun that goes with an amount: 'notat' for 1, 'notater' for 2."""
    forms = NOUNS[noun]
    babel_locale = _babel(locale)
    singular = Locale.parse(babel_locale).plural_form(amount) == "one"
    if babel_locale.startswith("en"):
        return forms.one_en if singular else forms.other_en
    return forms.one if singular else forms.other


def count(amount: float | None, noun: str, *, locale: str | None = None) -> str:
    """'1 notat', '3 notater', '1 time', '10,5 timer': an amount with its word declined.

    The noun is a key of UNITS (declined by CLDR) or of NOUNS (declined here by Babel's plural
    rule for the locale); add a word to NOUNS rather than writing 'notat(er)' in a message.
    """
    if amount is None:
        return MISSING
    if noun in UNITS:
        return format_unit(amount, UNITS[noun], length="long", locale=_babel(locale))
    return f"{number(amount, locale=locale)} {word(amount, noun, locale=locale)}"


# How scope units are written on services and orders: (what is counted, per which period).
SCOPE_UNITS = {
    "timer pr. uge": ("time", "uge"),
    "timer pr. måned": ("time", "måned"),
    "dage pr. uge": ("dag", "uge"),
    "besøg pr. uge": ("besøg", "uge"),
    "besøg pr. måned": ("besøg", "måned"),
}


def quantity(amount: float | None, unit: str, *, locale: str | None = None) -> str:
    """'1 time pr. uge', '10,5 timer pr. uge', '3 hours per week'; an unknown unit is kept as is."""
    if amount is None:
        return MISSING
    if unit not in SCOPE_UNITS:
        return f"{number(amount, locale=locale)} {unit}".strip()
    counted, period = SCOPE_UNITS[unit]
    per_period = format_compound_unit(
        count(amount, counted, locale=locale),  # already declined: Babel adds only the period
        denominator_unit=UNITS[period],
        length="long",
        locale=_babel(locale),
    )
    return per_period or f"{count(amount, counted, locale=locale)} {unit.split(' ', 1)[1]}"


def delivered_total(amount: float | None, unit: str, *, locale: str | None = None) -> str:
    """What was delivered in all, in the unit an order's scope counts: '24 timer', '1 besøg'
    (an order of '3 timer pr. uge' delivers hours); an unknown unit keeps its words before any
    'pr.' ('4 pakker')."""
    if amount is None:
        return MISSING
    if unit not in SCOPE_UNITS:
        return f"{number(amount, locale=locale)} {unit.split(' pr. ')[0]}".strip()
    return count(amount, SCOPE_UNITS[unit][0], locale=locale)
