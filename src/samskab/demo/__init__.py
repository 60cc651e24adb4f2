# SPDX-License-Identifier: MPL-2.0
"""A realistic synthetic municipality for demos, tests and benchmarks. Nobody in it is real."""
