"""In-process event bus (embedded mode). Subscribers get events published after a commit.

A slow subscriber cannot stall the publisher: its queue is bounded, and when it overflows
the subscriber is told to resync from the database (clients resume by sequence number, so
nothing is lost, only re-read).
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, Protocol

Event = dict[str, Any]
RESYNC: Event = {"type": "resync"}


class Subscription:
    def __init__(self, maxsize: int = 256) -> None:
        self.queue: asyncio.Queue[Event] = asyncio.Queue(maxsize=maxsize)
        self.overflowed = False

    def offer(self, event: Event) -> None:
        if self.overflowed:
            return
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            self.overflowed = True
            while not self.queue.empty():
                self.queue.get_nowait()
            self.queue.put_nowait(RESYNC)

    async def get(self) -> Event:
        event = await self.queue.get()
        if event is RESYNC:
            self.overflowed = False
        return event


class Bus(Protocol):
    """What the desk needs from a bus: in-process (embedded) or Redis (scale-out)."""

    async def publish(self, channel: str, event: Event) -> None: ...

    def subscribe(self, channel: str) -> AbstractAsyncContextManager[Subscription]: ...

    def subscriber_count(self, channel: str) -> int: ...

    async def close(self) -> None: ...


class InProcessBus:
    def __init__(self) -> None:
        self._subscribers: dict[str, set[Subscription]] = defaultdict(set)

    async def publish(self, channel: str, event: Event) -> None:
        for sub in list(self._subscribers.get(channel, ())):
            sub.offer(event)

    @asynccontextmanager
    async def subscribe(self, channel: str) -> AsyncIterator[Subscription]:
        sub = Subscription()
        self._subscribers[channel].add(sub)
        try:
            yield sub
        finally:
            subs = self._subscribers.get(channel)
            if subs is not None:
                subs.discard(sub)
                if not subs:
                    del self._subscribers[channel]

    def subscriber_count(self, channel: str) -> int:
        return len(self._subscribers.get(channel, ()))

    async def close(self) -> None:
        self._subscribers.clear()
