# SPDX-License-Identifier: MPL-2.0
"""Authored text: who wrote each free text about a citizen, for whom, when, and every version."""
