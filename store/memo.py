"""A bounded, thread-safe, in-process memo: least recently used entries go first, each value is built
once even when several requests ask for it at the same moment (a compile takes seconds: two
threads must not both pay for it), and an optional time to live refreshes aggregates.

Values are shared, so they must never be mutated. An exception is not remembered.

>>> memo: Memo[str, int] = Memo(size=2)
>>> memo.get("a", lambda: 1), memo.get("b", lambda: 2), memo.get("a", lambda: 99)
(1, 2, 1)
>>> memo.get("c", lambda: 3), "b" in memo, "a" in memo  # "b" was the least recently used
(3, False, True)
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(Generic[K, V]):
    def __init__(self, *, size: int, ttl_seconds: float | None = None) -> None:
        self.size = size
        self.ttl = ttl_seconds
        self._lock = threading.Lock()
        self._items: OrderedDict[K, tuple[float, V]] = OrderedDict()
        self._building: dict[K, threading.Lock] = {}

    def __contains__(self, key: K) -> bool:
        with self._lock:
            return self._fresh(key) is not None

    def _fresh(self, key: K) -> tuple[float, V] | None:
        """The entry, if present and not expired (the caller holds the lock)."""
        entry = self._items.get(key)
        if entry is None:
            return None
        if self.ttl is not None and time.monotonic() - entry[0] >= self.ttl:
            del self._items[key]
            return None
        self._items.move_to_end(key)
        return entry

    def get(self, key: K, build: Callable[[], V]) -> V:
        with self._lock:
            entry = self._fresh(key)
            if entry is not None:
                return entry[1]
            building = self._building.setdefault(key, threading.Lock())
        with building:
            with self._lock:
                entry = self._fresh(key)
                if entry is not None:
                    return entry[1]
            try:
                value = build()
            except BaseException:
                with self._lock:
                    self._building.pop(key, None)
                raise
            with self._lock:
                self._items[key] = (time.monotonic(), value)
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
                self._building.pop(key, None)
            return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
