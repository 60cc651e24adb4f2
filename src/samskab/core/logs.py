# SPDX-License-Identifier: MPL-2.0
"""Logging: the level an operator asks for, but never the raw HTTP headers of client libraries
(at DEBUG, httpcore writes cookies and Authorization headers, e.g. of the OIDC token request)."""

import logging
import traceback

QUIET = ("httpcore", "hpack", "multipart")


def configure(level: str | int = "INFO") -> None:
    """Set up logging for a samskab process."""
    logging.basicConfig(level=level, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    cap_header_dumps()


def cap_header_dumps() -> None:
    """Keep client libraries that dump raw headers at INFO or above."""
    for name in QUIET:
        logging.getLogger(name).setLevel(max(logging.INFO, logging.getLogger(name).level))


def without_personal_data(error: BaseException) -> str:
    """An unexpected error as the operator needs it, without its messages.

    Exception messages carry data: a database error quotes the failing row (names, CPR keys,
    note text) and a validation error the value. Only the exception types of the chain and
    where they were raised (file, line, function) are kept."""
    parts = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = traceback.extract_tb(current.__traceback__)[-4:]
        where = " < ".join(
            f"{frame.filename.rsplit('/site-packages/', 1)[-1].rsplit('/src/', 1)[-1]}:"
            f"{frame.lineno} in {frame.name}"
            for frame in reversed(frames)
        )
        parts.append(f"{type(current).__module__}.{type(current).__qualname__} at {where or '?'}")
        current = current.__cause__ or current.__context__
    return " caused by ".join(parts)
