"""`python -m pricing quote PATH ...` (see pricing/cli.py)."""

import sys

from pricing.cli import main

sys.exit(main())
