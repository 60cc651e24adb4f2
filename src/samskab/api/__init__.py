# SPDX-License-Identifier: MPL-2.0
"""The JSON REST API at /api/v1: parse, call a query or action, render. No business rules."""
