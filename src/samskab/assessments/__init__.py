# SPDX-License-Identifier: MPL-2.0
"""The holistic assessment: per theme, the professional's view beside the citizen's own."""
