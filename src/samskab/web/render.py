# SPDX-License-Identifier: MPL-2.0
"""Templates and the formatting filters they use (all from core.formats)."""

from importlib import resources
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from samskab.cases.models import Case
from samskab.core import formats
from samskab.core.once import new_form_token
from samskab.offers.codes import OFFER_SERVICES
from samskab.organisations.models import Role
from samskab.terminology.services import service_type
from samskab.web import i18n

templates = Jinja2Templates(directory=str(resources.files("samskab.web").joinpath("templates")))


# Every format a person reads goes through core.formats; the filters keep their Danish names.
templates.env.filters.update(
    dato=formats.date,
    tidspunkt=formats.date_time,
    klokken=formats.time,
    maaned=formats.month,
    tal=formats.number,
    kroner=formats.kroner,
    procent=formats.percent,
    antal=formats.count,
    omfang=formats.quantity,
    leveret=formats.delivered_total,
)


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


templates.env.filters["sagstitel"] = case_title
templates.env.filters["tid"] = formats.date_time
templates.env.add_extension("jinja2.ext.i18n")
templates.env.install_gettext_callables(  # type: ignore[attr-defined]
    text_gettext, text_ngettext, newstyle=True
)
templates.env.globals["offer_services"] = OFFER_SERVICES
templates.env.globals["form_token"] = new_form_token


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
    context.setdefault("reviews", request.session.get("reviews", False))
    context.setdefault("csrf_token", request.session.get("csrf", ""))
    locale = i18n.locale_of(request)
    context.update(lang=locale, locales=i18n.LOCALES)
    token = i18n.use(locale)
    try:
        return templates.TemplateResponse(request, name, context, status_code=status_code)
    finally:
        i18n.reset(token)
