"""Rate limits: one small Protocol, an in-memory sliding-window implementation.

The desk asks ``await limiter.hit(key, limit, window_seconds)`` before doing work on behalf
of an IP, a customer or an agent; the answer says whether to go ahead and, if not, how many
seconds until a retry would be allowed. Keys are opaque strings chosen by the caller
(``"ip:conversation:203.0.113.7"``, ``"customer:<id>"``, ``"agent:<id>"``), so one limiter
serves every limit. A Redis implementation of the same Protocol serves scale-out mode.

The in-memory limiter uses a *sliding-window counter*: per key it keeps the count of the
current fixed window and of the previous one, and weighs the previous count by how much of
it still overlaps the sliding window. That is two integers per key (no per-hit timestamps),
it does not allow the double burst a plain fixed window allows at a window boundary, and
the number of keys it holds is capped (least recently hit keys are dropped first).
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class RateDecision:
    allowed: bool
    retry_after: float = 0.0  # seconds until a retry can succeed; 0 when allowed

    @property
    def retry_after_seconds(self) -> int:
        """Whole seconds for a ``Retry-After`` header (at least 1 when refused)."""
        return 0 if self.allowed else max(1, math.ceil(self.retry_after))


class RateLimiter(Protocol):
    async def hit(self, key: str, limit: int, window_seconds: float) -> RateDecision:
        """Count one event for ``key``; refuse it when ``limit`` events already happened in
        the last ``window_seconds``. A refused event is not counted."""
        ...


@dataclass(slots=True)
class _Window:
    start: float  # start of the current fixed window
    current: int
    previous: int


class InMemoryRateLimiter:
    """Sliding-window counter per key, in this process only (embedded mode)."""

    def __init__(
        self, max_keys: int = 100_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if max_keys < 1:
            raise ValueError("max_keys must be at least 1")
        self.max_keys = max_keys
        self._clock = clock
        self._windows: OrderedDict[tuple[str, float], _Window] = OrderedDict()

    def __len__(self) -> int:
        return len(self._windows)

    async def hit(self, key: str, limit: int, window_seconds: float) -> RateDecision:
        return self.hit_now(key, limit, window_seconds)

    def hit_now(self, key: str, limit: int, window_seconds: float) -> RateDecision:
        """The synchronous core of :meth:`hit` (no awaits, so it is atomic in asyncio)."""
        if limit < 1 or window_seconds <= 0:
            raise ValueError("limit must be >= 1 and window_seconds > 0")
        now = self._clock()
        size = float(window_seconds)
        slot = (key, size)
        start = math.floor(now / size) * size
        window = self._windows.get(slot)
        if window is None:
            window = _Window(start, 0, 0)
            self._windows[slot] = window
            self._evict()
        elif window.start != start:
            # one window later: the current count becomes the previous; later still: both gone
            window.previous = window.current if start - window.start == size else 0
            window.current = 0
            window.start = start
        self._windows.move_to_end(slot)

        elapsed = now - start
        overlap = (size - elapsed) / size  # share of the previous window still in the slide
        if window.previous * overlap + window.current + 1 <= limit:
            window.current += 1
            return RateDecision(True)
        return RateDecision(False, self._wait(window, limit, size, elapsed))

    @staticmethod
    def _wait(window: _Window, limit: int, size: float, elapsed: float) -> float:
        """Seconds until ``previous * overlap + current + 1 <= limit`` holds again."""
        if window.current + 1 <= limit:
            # the current window has room; wait for enough of the previous one to slide out
            needed = size - elapsed - size * (limit - 1 - window.current) / window.previous
            return max(needed, 0.001)
        # the current window alone is full: wait for the next one, where it is "previous"
        until_next = size - elapsed
        into_next = size * (1 - (limit - 1) / window.current)
        return until_next + into_next

    def _evict(self) -> None:
        while len(self._windows) > self.max_keys:
            self._windows.popitem(last=False)


# KEYS[1] = current window key, KEYS[2] = previous window key; ARGV = limit, size, elapsed
_SLIDING_LUA = """
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
local limit = tonumber(ARGV[1])
local size = tonumber(ARGV[2])
local elapsed = tonumber(ARGV[3])
local overlap = (size - elapsed) / size
if previous * overlap + current + 1 <= limit then
  redis.call('INCR', KEYS[1])
  redis.call('PEXPIRE', KEYS[1], math.ceil(size * 2000))
  return {1, current + 1, previous}
end
return {0, current, previous}
"""


class RedisRateLimiter:
    """The same sliding-window counter, shared by every worker (scale-out mode). One Lua
    script per hit keeps check-and-count atomic; keys expire after two windows. If Redis is
    unreachable the limiter lets the request through (logged): a limit must not turn a
    Redis outage into a desk outage."""

    def __init__(self, redis: Any, clock: Callable[[], float] = time.time) -> None:
        self.redis = redis
        self._clock = clock
        self._script = redis.register_script(_SLIDING_LUA)

    async def hit(self, key: str, limit: int, window_seconds: float) -> RateDecision:
        if limit < 1 or window_seconds <= 0:
            raise ValueError("limit must be >= 1 and window_seconds > 0")
        size = float(window_seconds)
        now = self._clock()
        start = math.floor(now / size) * size
        elapsed = now - start
        base = f"wd:rl:{key}:{size:g}"
        try:
            allowed, current, previous = await self._script(
                keys=[f"{base}:{start:.0f}", f"{base}:{start - size:.0f}"],
                args=[limit, size, elapsed],
            )
        except Exception:
            from walletdesk.logging import get_logger

            get_logger("walletdesk.ratelimit").warning("ratelimit.redis_unavailable")
            return RateDecision(True)
        if allowed:
            return RateDecision(True)
        window = _Window(start, int(current), int(previous))
        return RateDecision(False, InMemoryRateLimiter._wait(window, limit, size, elapsed))
