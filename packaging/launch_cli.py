"""The bundle's `pos` command (it never loads Qt)."""

import sys

from pos.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
