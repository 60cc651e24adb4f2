# SPDX-License-Identifier: MPL-2.0
"""Journal notes on a case."""
