# SPDX-License-Identifier: MPL-2.0
"""Official code systems (FFB, FSIII), the legal paragraph catalogue and Danish geography."""
