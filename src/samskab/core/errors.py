# SPDX-License-Identifier: MPL-2.0
"""Domain errors: a stable code and a Danish message; adapters translate them."""

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session


class ErrorCode(StrEnum):
    """Every user-facing error code samskab can answer with."""

    NOT_FOUND = "not_found"
    INVALID_INPUT = "invalid_input"
    INVALID_CPR = "invalid_cpr"
    UNKNOWN_CODE = "unknown_code"
    ILLEGAL_TRANSITION = "illegal_transition"
    CONFLICT = "conflict"
    STALE_VERSION = "stale_version"
    CITIZENS_OWN_WORDS = "citizens_own_words"
    UNAUTHENTICATED = "unauthenticated"
    FORBIDDEN = "forbidden"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
    # The worker has as many requests as it admits; try again shortly (503, Retry-After).
    BUSY = "busy"


class DomainError(Exception):
    """An error the user can act on; carries a stable code and a Danish message."""

    code: ErrorCode = ErrorCode.INVALID_INPUT
    status: int = 422

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.details = details or {}
        # Work that must survive the rollback of the failed transaction (e.g. auditing a refusal).
        self.after_rollback: list[Callable[[Session], None]] = []


class NotFound(DomainError):
    """The record does not exist, or the actor may not know that it exists."""

    code = ErrorCode.NOT_FOUND
    status = 404

    def __init__(self, what: str = "Oplysningen") -> None:
        super().__init__(f"{what} blev ikke fundet.")


class InvalidInput(DomainError):
    """Input that breaks a rule of the domain."""

    code = ErrorCode.INVALID_INPUT


class InvalidCpr(DomainError):
    """A CPR number that is malformed or names an impossible date."""

    code = ErrorCode.INVALID_CPR


class UnknownCode(DomainError):
    """A code that is not in the official code list it should come from."""

    code = ErrorCode.UNKNOWN_CODE


class IllegalTransition(DomainError):
    """A status change the lifecycle does not allow."""

    code = ErrorCode.ILLEGAL_TRANSITION


class Conflict(DomainError):
    """The change collides with the current state (e.g. a duplicate)."""

    code = ErrorCode.CONFLICT
    status = 409


class Unauthenticated(DomainError):
    """No valid login or API token."""

    code = ErrorCode.UNAUTHENTICATED
    status = 401

    def __init__(self) -> None:
        super().__init__("Du skal logge ind eller bruge et gyldigt API-token.")


class Forbidden(DomainError):
    """The actor is known but lacks the role for this action (never used to hide records)."""

    code = ErrorCode.FORBIDDEN
    status = 403


class StaleVersion(Conflict):
    """The write was based on an older version than the one now stored; nothing was changed."""

    code = ErrorCode.STALE_VERSION

    def __init__(self, what: str, current: dict[str, Any]) -> None:
        super().__init__(
            f"{what} er blevet ændret af en anden, mens du skrev. "
            "Se den nye udgave og skriv din ændring ind i den.",
            field="version",
            details={"current": current},
        )
