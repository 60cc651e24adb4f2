# SPDX-License-Identifier: MPL-2.0
"""Errors as application/problem+json (RFC 9457) with a stable code and a Danish message."""

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from samskab.core.errors import DomainError, ErrorCode
from samskab.core.logs import without_personal_data
from samskab.core.validation import field_errors

log = logging.getLogger("samskab.api")

MEDIA_TYPE = "application/problem+json"


def problem(
    status: int,
    code: ErrorCode | str,
    message: str,
    *,
    errors: list[dict[str, Any]] | None = None,
    details: dict[str, Any] | None = None,
) -> JSONResponse:
    """A problem+json response."""
    body: dict[str, Any] = {
        "type": f"/problems/{code}",
        "title": message,
        "status": status,
        "code": str(code),
        "detail": message,
    }
    if errors is not None:
        body["errors"] = errors
    if details:
        body["details"] = details
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE)


def install(app: FastAPI) -> None:
    """Answer every error under /api with problem+json."""

    async def on_domain_error(_request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, DomainError)
        errors = [{"field": error.field, "message": error.message, "code": str(error.code)}]
        return problem(
            error.status, error.code, error.message, errors=errors, details=error.details
        )

    async def on_validation(_request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, RequestValidationError)
        return problem(
            422,
            ErrorCode.INVALID_INPUT,
            "Oplysningerne kunne ikke godkendes.",
            errors=field_errors(list(error.errors())),
        )

    async def on_http(_request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, HTTPException)
        messages = {404: "Siden findes ikke.", 405: "Metoden er ikke tilladt her."}
        message = messages.get(error.status_code, "Forespørgslen kunne ikke behandles.")
        code = ErrorCode.NOT_FOUND if error.status_code == 404 else ErrorCode.INVALID_INPUT
        return problem(error.status_code, code, message)

    async def on_unexpected(_request: Request, error: Exception) -> JSONResponse:
        log.error("unexpected error: %s", without_personal_data(error))
        return problem(500, "internal_error", "Der opstod en uventet fejl. Prøv igen senere.")

    app.add_exception_handler(DomainError, on_domain_error)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(HTTPException, on_http)
    app.add_exception_handler(Exception, on_unexpected)
