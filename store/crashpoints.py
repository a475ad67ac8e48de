"""Named points of the payment path where a test may kill the process (SIGKILL, no clean-up).

`STORE_CRASH_AT=name:n` kills the process the n-th time it reaches `name` (n defaults to 1).
Unset (always, outside the kill test), `reached` costs one dictionary lookup.
"""

from __future__ import annotations

import os
import signal
from collections import Counter

_AT = os.environ.get("STORE_CRASH_AT", "")
_NAME, _, _COUNT = _AT.partition(":")
_seen: Counter[str] = Counter()

POINTS = (
    "intent-committed",  # the intent is written; the provider not yet asked
    "charged",  # the provider charged; nothing recorded yet
    "order-flushed",  # the order is written but not committed
    "order-committed",  # the order and its intent are committed
    "refund-decided",  # the intent is marked 'refunding'; the provider not yet asked
    "refunded",  # the provider refunded; the intent not yet marked
)


def reached(name: str) -> None:
    if not _NAME or name != _NAME:
        return
    _seen[name] += 1
    if _seen[name] >= int(_COUNT or 1):
        os.kill(os.getpid(), signal.SIGKILL)
