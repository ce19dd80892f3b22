"""``python -m smartkorea``: the same as the ``smartkorea`` command."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
