# SPDX-License-Identifier: MPL-2.0
"""Letters and plans as HTML and PDF (WeasyPrint), in plain Danish."""
