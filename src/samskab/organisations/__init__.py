# SPDX-License-Identifier: MPL-2.0
"""Municipalities, teams, providers, users and their API tokens."""
