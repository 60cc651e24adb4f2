# SPDX-License-Identifier: MPL-2.0
"""The administrator's configuration: staff accounts, roles and teams, and processing deadlines.
No citizen data."""
