# SPDX-License-Identifier: MPL-2.0
"""Cases: from inquiry to closing, with the RSL § 3 processing deadline."""
