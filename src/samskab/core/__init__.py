# SPDX-License-Identifier: MPL-2.0
"""Base layer: settings, database, errors, clock and value types."""
