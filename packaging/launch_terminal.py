"""The bundle's `pos-terminal`: the till (sign-in with a staff PIN)."""

import sys

from pos.ui.app import main

if __name__ == "__main__":
    sys.exit(main())
