# SPDX-License-Identifier: MPL-2.0
"""Decisions (afgørelser): outcome, legal basis, reasons, hearing, letter, appeal and deadlines."""
