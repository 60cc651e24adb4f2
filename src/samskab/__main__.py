# SPDX-License-Identifier: MPL-2.0
from samskab.cli.main import main

main()
