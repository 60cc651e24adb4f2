# SPDX-License-Identifier: MPL-2.0
"""The `samskab` command line (Typer)."""
