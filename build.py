#!/usr/bin/env python3
"""content/ -> output/. See README.md, or `python build.py --help`."""

import sys

from officedocs.cli import main

if __name__ == "__main__":
    sys.exit(main())
