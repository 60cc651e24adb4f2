# SPDX-License-Identifier: MPL-2.0
"""The append-only audit log: who did or saw what, for whom, why, when and from where."""
