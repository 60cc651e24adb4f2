# SPDX-License-Identifier: MPL-2.0
"""Regional offers (tilbud): places, occupancy, tariffs and the anonymous waiting list."""
