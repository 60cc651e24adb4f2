# SPDX-License-Identifier: MPL-2.0
"""Render a document template to HTML, and HTML to PDF with WeasyPrint."""

from functools import partial
from importlib import resources
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from samskab.core import formats
from samskab.core.errors import DomainError

_env = Environment(
    loader=FileSystemLoader(str(resources.files("samskab.documents").joinpath("templates"))),
    autoescape=select_autoescape(["html"]),
)


def _amount(amount: float, unit: str) -> str:
    """What was delivered, without the period: '10,5 timer' of an order of 'timer pr. uge'."""
    if unit in formats.SCOPE_UNITS:
        return formats.count(amount, formats.SCOPE_UNITS[unit][0], locale=formats.DANISH)
    return formats.quantity(amount, unit, locale=formats.DANISH)


# Letters and plans are official Danish documents: always formatted in Danish (core.formats).
_env.filters.update(
    langdato=partial(formats.date, long=True, locale=formats.DANISH),
    dato=partial(formats.date, locale=formats.DANISH),
    tidspunkt=partial(formats.date_time, long=True, locale=formats.DANISH),
    tal=partial(formats.number, locale=formats.DANISH),
    kroner=partial(formats.kroner, locale=formats.DANISH),
    antal=partial(formats.count, locale=formats.DANISH),
    omfang=partial(formats.quantity, locale=formats.DANISH),
    maengde=_amount,
)


def html(template: str, **context: Any) -> str:
    """A document as a complete HTML page."""
    return _env.get_template(template).render(**context)


class PdfUnavailable(DomainError):
    """The PDF engine's system libraries (Pango) are missing."""

    status = 503


def pdf(document: str) -> bytes:
    """The PDF of an HTML document."""
    try:
        from weasyprint import HTML
    except OSError as error:  # WeasyPrint needs Pango from the operating system
        raise PdfUnavailable(
            "PDF kan ikke laves på denne server, fordi Pango mangler (apt-get install "
            "libpango-1.0-0)."
        ) from error
    result: bytes = HTML(string=document).write_pdf()
    return result
