# SPDX-License-Identifier: MPL-2.0
"""Need-to-know: who the actor is, and whether they may see or change a citizen's data."""
