"""The bundle's `pos-console`: the manager console (`pos-terminal --manager`)."""

import sys

from pos.ui.app import main

if __name__ == "__main__":
    sys.exit(main(["--manager", *sys.argv[1:]]))
