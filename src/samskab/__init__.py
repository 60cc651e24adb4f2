# SPDX-License-Identifier: MPL-2.0
"""samskab: casework with the citizen as co-author."""

__version__ = "0.1.0"
