# SPDX-License-Identifier: MPL-2.0
"""Interventions ordered from providers (bestillinger) and what was delivered."""
