# SPDX-License-Identifier: MPL-2.0
"""Logging: the level an operator asks for, but never the raw HTTP headers of client libraries
(at DEBUG, httpcore writes cookies and Authorization headers, e.g. of the OIDC token request)."""

import logging

QUIET = ("httpcore", "hpack", "multipart")


def configure(level: str | int = "INFO") -> None:
    """Set up logging for a samskab process."""
    logging.basicConfig(level=level, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    cap_header_dumps()


def cap_header_dumps() -> None:
    """Keep client libraries that dump raw headers at INFO or above."""
    for name in QUIET:
        logging.getLogger(name).setLevel(max(logging.INFO, logging.getLogger(name).level))
