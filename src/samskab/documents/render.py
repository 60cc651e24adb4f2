# SPDX-License-Identifier: MPL-2.0
"""Render a document template to HTML, and HTML to PDF with WeasyPrint."""

from datetime import date
from importlib import resources
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from samskab.core.errors import DomainError

MONTHS = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
]

_env = Environment(
    loader=FileSystemLoader(str(resources.files("samskab.documents").joinpath("templates"))),
    autoescape=select_autoescape(["html"]),
)


def long_date(day: date | None) -> str:
    """'2. december 2026', as a letter writes a date."""
    return "" if day is None else f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


_env.filters["langdato"] = long_date


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
