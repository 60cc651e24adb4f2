# SPDX-License-Identifier: MPL-2.0
"""Citizens: identity (CPR encrypted at rest), contact and communication needs."""
