"""Redis pub/sub fan-out for the scale-out mode: a customer on worker A and an agent on
worker B see each other's messages live.

One Redis connection per process carries every channel this process listens to; a reader
task hands each event to the local subscriptions (bounded queues, as in the in-process
bus). Redis is only the live path: every message is in the database before it is
published, and clients resume by sequence number, so when Redis goes away nothing is lost.
Publishing then fails quietly (logged), and once the reader reconnects every local
subscriber gets ``resync`` and re-reads from the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

from walletdesk.logging import get_logger
from walletdesk.realtime.bus import RESYNC, Event, Subscription

log = get_logger("walletdesk.redis_bus")
PREFIX = "wd:"
_TRANSIENT = (RedisConnectionError, RedisTimeoutError, OSError)


class RedisBus:
    def __init__(self, url: str, *, reconnect_max_seconds: float = 5.0) -> None:
        self.url = url
        self.redis: aioredis.Redis = aioredis.Redis.from_url(
            url, socket_connect_timeout=3, health_check_interval=10
        )
        self._subscribers: dict[str, set[Subscription]] = defaultdict(set)
        self._pubsub: Any = None
        self._reader: asyncio.Task[None] | None = None
        self._changed = asyncio.Event()
        self._reconnect_max = reconnect_max_seconds
        self.connected = False
        self.publish_failures = 0

    # ---- publishing ------------------------------------------------------------------
    async def publish(self, channel: str, event: Event) -> None:
        payload = json.dumps(event, ensure_ascii=False, separators=(",", ":"))
        try:
            await self.redis.publish(PREFIX + channel, payload)
        except RedisError as exc:  # the data is durable; live delivery resumes by resync
            self.publish_failures += 1
            log.warning("bus.publish_failed", channel=channel.split(":", 1)[0], error=str(exc))

    # ---- subscribing -----------------------------------------------------------------
    @asynccontextmanager
    async def subscribe(self, channel: str) -> AsyncIterator[Subscription]:
        sub = Subscription()
        first = not self._subscribers.get(channel)
        self._subscribers[channel].add(sub)
        self._ensure_reader()
        if first and self._pubsub is not None and self.connected:
            try:
                await self._pubsub.subscribe(PREFIX + channel)
            except _TRANSIENT:
                self._changed.set()  # the reader reconnects and subscribes everything
        try:
            yield sub
        finally:
            subs = self._subscribers.get(channel)
            if subs is not None:
                subs.discard(sub)
                if not subs:
                    del self._subscribers[channel]
                    if self._pubsub is not None and self.connected:
                        with contextlib.suppress(*_TRANSIENT, RedisError):
                            await self._pubsub.unsubscribe(PREFIX + channel)

    def subscriber_count(self, channel: str) -> int:
        return len(self._subscribers.get(channel, ()))

    # ---- the reader ------------------------------------------------------------------
    def _ensure_reader(self) -> None:
        if self._reader is None or self._reader.done():
            self._reader = asyncio.create_task(self._read_forever())

    async def _read_forever(self) -> None:
        backoff = 0.1
        ever_connected = False
        while True:
            try:
                self._pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
                channels = [PREFIX + c for c in list(self._subscribers)] or [PREFIX + "_"]
                await self._pubsub.subscribe(*channels)
                self.connected = True
                if ever_connected:
                    log.info("bus.reconnected")
                    self._broadcast(RESYNC)  # events may have been missed: re-read the DB
                ever_connected = True
                backoff = 0.1
                while True:
                    message = await self._pubsub.get_message(timeout=1.0)
                    if message is not None and message.get("type") == "message":
                        self._dispatch(message)
            except asyncio.CancelledError:
                raise
            except (*_TRANSIENT, RedisError) as exc:
                if self.connected:
                    log.warning("bus.disconnected", error=str(exc))
                self.connected = False
                with contextlib.suppress(Exception):
                    await self._pubsub.aclose()
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, self._reconnect_max)

    def _dispatch(self, message: dict[str, Any]) -> None:
        raw_channel = message.get("channel", b"")
        channel = (
            raw_channel.decode() if isinstance(raw_channel, bytes) else str(raw_channel)
        ).removeprefix(PREFIX)
        subs = self._subscribers.get(channel)
        if not subs:
            return
        try:
            data = message.get("data", b"")
            event = json.loads(data.decode() if isinstance(data, bytes) else data)
        except (ValueError, UnicodeDecodeError):
            return
        for sub in list(subs):
            sub.offer(event)

    def _broadcast(self, event: Event) -> None:
        for subs in list(self._subscribers.values()):
            for sub in list(subs):
                sub.offer(event)

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
        if self._pubsub is not None:
            with contextlib.suppress(Exception):
                await self._pubsub.aclose()
        await self.redis.aclose()
