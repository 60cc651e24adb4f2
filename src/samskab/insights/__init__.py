# SPDX-License-Identifier: MPL-2.0
"""Insights: few indicators that matter, as anonymous aggregates with small cells suppressed."""
