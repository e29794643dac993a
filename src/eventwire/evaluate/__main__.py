"""``python -m eventwire.evaluate SUITE ...``: the same as ``eventwire eval SUITE ...``."""

from __future__ import annotations

import sys

from . import main

sys.exit(main())
