# SPDX-License-Identifier: MPL-2.0
"""Server-rendered Danish pages (Jinja2), readable without JavaScript."""
