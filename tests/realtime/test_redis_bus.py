"""The Redis bus on a real Redis: two buses (two workers) see each other's events; a lost
connection ends in a resync for every subscriber; publishing to an unreachable Redis does
not fail the request (the data is already durable)."""

from __future__ import annotations

import asyncio
import uuid

import pytest
import redis.asyncio as aioredis

from tests import services
from walletdesk.realtime.bus import RESYNC
from walletdesk.realtime.redis_bus import RedisBus

pytestmark = pytest.mark.skipif(not services.REDIS, reason="WALLETDESK_TEST_REDIS not set")


async def _wait_subscribed(bus: RedisBus) -> None:
    for _ in range(100):
        if bus.connected:
            return
        await asyncio.sleep(0.02)
    raise AssertionError("bus never connected")


def test_two_workers_see_each_others_events() -> None:
    async def run() -> None:
        a, b = RedisBus(services.REDIS), RedisBus(services.REDIS)
        channel = f"conversation:{uuid.uuid4().hex}"
        try:
            async with b.subscribe(channel) as sub:
                await _wait_subscribed(b)
                await asyncio.sleep(0.1)
                await a.publish(channel, {"type": "message", "message": {"seq": 1, "text": "你好"}})
                event = await asyncio.wait_for(sub.get(), 5)
                assert event["message"]["text"] == "你好"
                assert b.subscriber_count(channel) == 1
            assert b.subscriber_count(channel) == 0
        finally:
            await a.close()
            await b.close()

    asyncio.run(run())


def test_a_dropped_connection_resyncs_subscribers() -> None:
    async def run() -> None:
        bus = RedisBus(services.REDIS, reconnect_max_seconds=0.5)
        channel = f"team:{uuid.uuid4().hex}"
        admin = aioredis.Redis.from_url(services.REDIS)
        try:
            async with bus.subscribe(channel) as sub:
                await _wait_subscribed(bus)
                await admin.execute_command("CLIENT", "KILL", "TYPE", "pubsub")
                assert await asyncio.wait_for(sub.get(), 10) is RESYNC
                await asyncio.sleep(0.2)
                await bus.publish(channel, {"type": "ticket.new"})
                assert (await asyncio.wait_for(sub.get(), 5))["type"] == "ticket.new"
        finally:
            await admin.aclose()
            await bus.close()

    asyncio.run(run())


def test_publishing_without_redis_does_not_raise() -> None:
    async def run() -> None:
        bus = RedisBus("redis://127.0.0.1:1/0")
        try:
            await bus.publish("conversation:x", {"type": "message"})
            assert bus.publish_failures == 1
        finally:
            await bus.close()

    asyncio.run(run())


def test_rate_limits_are_shared_between_workers() -> None:
    from walletdesk.realtime.ratelimit import RedisRateLimiter

    async def run() -> None:
        a, b = RedisBus(services.REDIS), RedisBus(services.REDIS)
        key = f"customer:{uuid.uuid4().hex}"
        try:
            first, second = RedisRateLimiter(a.redis), RedisRateLimiter(b.redis)
            decisions = [await (first if i % 2 else second).hit(key, 5, 60) for i in range(7)]
            assert [d.allowed for d in decisions] == [True] * 5 + [False] * 2
            assert decisions[-1].retry_after_seconds >= 1
            down = RedisRateLimiter(RedisBus("redis://127.0.0.1:1/0").redis)
            assert (await down.hit(key, 1, 60)).allowed, "fails open when Redis is down"
        finally:
            await a.close()
            await b.close()

    asyncio.run(run())
