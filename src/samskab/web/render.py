# SPDX-License-Identifier: MPL-2.0
"""Templates and the Danish formatting filters they use."""

from datetime import date, datetime
from importlib import resources
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from samskab.cases.models import Case
from samskab.core import clock
from samskab.offers.codes import OFFER_SERVICES
from samskab.offers.tariffs import number
from samskab.organisations.models import Role
from samskab.terminology.services import service_type
from samskab.web import i18n

MONTHS = [
    "jan.",
    "feb.",
    "mar.",
    "apr.",
    "maj",
    "jun.",
    "jul.",
    "aug.",
    "sep.",
    "okt.",
    "nov.",
    "dec.",
]

templates = Jinja2Templates(directory=str(resources.files("samskab.web").joinpath("templates")))


ENGLISH_MONTHS = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]


def danish_date(value: date | datetime | None) -> str:
    """'3. feb. 2026' in Danish, '3 Feb 2026' in English (local time for moments)."""
    if value is None:
        return "–"
    if isinstance(value, datetime):
        value = clock.local(value).date()
    if i18n.current() == "en":
        return f"{value.day} {ENGLISH_MONTHS[value.month - 1]} {value.year}"
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"


def danish_time(value: datetime | None) -> str:
    """'3. feb. 2026 kl. 14:05' (Europe/Copenhagen), '3 Feb 2026 14:05' in English."""
    if value is None:
        return "–"
    local = clock.local(value)
    joiner = " " if i18n.current() == "en" else " kl. "
    return f"{danish_date(local)}{joiner}{local:%H:%M}"


def danish_number(value: float) -> str:
    """A number with a decimal comma and no trailing zeros."""
    return f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(",0", "").replace(" ", ".")


def text_gettext(message: str) -> Markup:
    """A translation is text, never markup. Jinja's new-style gettext marks what it returns as
    safe, so the message is escaped first: HTML typed into anything that reaches `_()` (a case
    title, an error message quoting input) shows as text and never runs."""
    return escape(i18n.gettext_(message))


def text_ngettext(singular: str, plural: str, count: int) -> Markup:
    """The plural form of a translation, escaped like text_gettext."""
    return escape(i18n.ngettext_(singular, plural, count))


def case_title(case: Case) -> str:
    """A case's title: translated when it is the service's own name, else as the caseworker
    wrote it (plain text, never passed to gettext)."""
    if case.title == service_type(case.service_type).title:
        return i18n.gettext_(case.title)
    return case.title


templates.env.filters["dato"] = danish_date
templates.env.filters["sagstitel"] = case_title
templates.env.filters["tid"] = danish_time
templates.env.add_extension("jinja2.ext.i18n")
templates.env.install_gettext_callables(  # type: ignore[attr-defined]
    text_gettext, text_ngettext, newstyle=True
)
templates.env.filters["tal"] = danish_number
templates.env.filters["kroner"] = lambda value: f"{number(value, 2)} kr."
templates.env.globals["offer_services"] = OFFER_SERVICES


def home_for(roles: list[str], citizen: bool) -> str:
    """The page a user lands on after logging in."""
    if citizen:
        return "/min-side"
    if str(Role.RELATIVE) in roles:
        return "/paaroerende"
    if {str(Role.CASEWORKER), str(Role.TEAM_LEAD)}.intersection(roles):
        return "/mine-sager"
    if {str(Role.REGIONAL_COORDINATOR), str(Role.ANALYST)}.intersection(roles):
        return "/region"
    if str(Role.ADMIN) in roles:
        return "/admin"
    return "/mine-sager"


def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render one page template with the common context."""
    context.setdefault("demo", request.app.state.demo)
    context.setdefault("user_name", request.session.get("user_name"))
    context.setdefault("home", request.session.get("home", "/mine-sager"))
    context.setdefault("csrf_token", request.session.get("csrf", ""))
    locale = i18n.locale_of(request)
    context.update(lang=locale, locales=i18n.LOCALES)
    token = i18n.use(locale)
    try:
        return templates.TemplateResponse(request, name, context, status_code=status_code)
    finally:
        i18n.reset(token)
