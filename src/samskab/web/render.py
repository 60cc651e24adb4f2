# SPDX-License-Identifier: MPL-2.0
"""Templates and the Danish formatting filters they use."""

from datetime import date, datetime
from importlib import resources
from typing import Any

from babel.dates import format_date
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from samskab.core import clock
from samskab.offers.codes import OFFER_SERVICES
from samskab.offers.tariffs import number
from samskab.organisations.models import Role
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


def month_name(value: date) -> str:
    """The month's name in the page's language: 'november'."""
    return format_date(value, "LLLL", locale="en" if i18n.current() == "en" else "da")


def danish_number(value: float) -> str:
    """A number with a decimal comma and no trailing zeros."""
    return f"{value:,.1f}".replace(",", " ").replace(".", ",").replace(",0", "").replace(" ", ".")


templates.env.filters["dato"] = danish_date
templates.env.add_extension("jinja2.ext.i18n")
templates.env.install_gettext_callables(  # type: ignore[attr-defined]
    i18n.gettext_, i18n.ngettext_, newstyle=True
)
templates.env.filters["tal"] = danish_number
templates.env.filters["maaned"] = month_name
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
