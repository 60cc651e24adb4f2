# SPDX-License-Identifier: MPL-2.0
"""Danish first, English second: gettext catalogs read with Babel, chosen per request."""

import gettext
import io
from functools import cache
from importlib import resources

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from fastapi import Request

from samskab.core import formats

LOCALES = {"da": "Dansk", "en": "English"}
DEFAULT = "da"
COOKIE = "samskab_sprog"


@cache
def catalog(locale: str) -> gettext.NullTranslations:
    """The compiled catalog of a locale (Danish is the source language and needs none)."""
    if locale == DEFAULT:
        return gettext.NullTranslations()
    path = resources.files("samskab.web").joinpath(f"locale/{locale}/LC_MESSAGES/messages.po")
    with path.open("rb") as source:
        messages = read_po(source, locale=locale)
    compiled = io.BytesIO()
    write_mo(compiled, messages)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def locale_of(request: Request) -> str:
    """The locale the person chose (cookie), else Danish."""
    chosen = request.cookies.get(COOKIE, DEFAULT)
    return chosen if chosen in LOCALES else DEFAULT


def use(locale: str) -> object:
    """Make a locale current while a page renders (texts and formats); a token for reset()."""
    return formats.use(locale)


def reset(token: object) -> None:
    """Go back to the previous locale."""
    formats.reset(token)  # type: ignore[arg-type]


def current() -> str:
    """The locale of the page being rendered."""
    return formats.current()


def gettext_(message: str) -> str:
    """Translate a message into the current locale."""
    return catalog(formats.current()).gettext(message)


def ngettext_(singular: str, plural: str, count: int) -> str:
    """Translate a message with a plural form."""
    return catalog(formats.current()).ngettext(singular, plural, count)
