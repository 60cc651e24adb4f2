# SPDX-License-Identifier: MPL-2.0
"""Co-created meetings: the note is written live with the citizen, who confirms it."""
