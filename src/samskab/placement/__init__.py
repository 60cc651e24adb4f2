# SPDX-License-Identifier: MPL-2.0
"""Placement: advice for one citizen, and regional planning of many onto offers with places."""
