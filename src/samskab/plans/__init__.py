# SPDX-License-Identifier: MPL-2.0
"""One living plan per citizen across cases: goals in the citizen's own words, and ratings."""
