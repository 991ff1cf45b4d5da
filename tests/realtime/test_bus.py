import asyncio

from walletdesk.realtime.bus import RESYNC, InProcessBus


def test_subscribers_get_events_in_order_and_only_their_channel() -> None:
    async def scenario() -> list[object]:
        bus = InProcessBus()
        async with bus.subscribe("a") as sub_a, bus.subscribe("b") as sub_b:
            for i in range(3):
                await bus.publish("a", {"type": "message", "i": i})
            await bus.publish("b", {"type": "message", "i": 99})
            got = [await sub_a.get() for _ in range(3)]
            assert (await sub_b.get())["i"] == 99
        assert bus.subscriber_count("a") == 0
        return [e["i"] for e in got]

    assert asyncio.run(scenario()) == [0, 1, 2]


def test_slow_subscriber_is_told_to_resync_instead_of_blocking() -> None:
    async def scenario() -> object:
        bus = InProcessBus()
        async with bus.subscribe("a") as sub:
            for i in range(1000):  # far more than the queue holds; publish never blocks
                await bus.publish("a", {"type": "message", "i": i})
            return await sub.get()

    assert asyncio.run(scenario()) is RESYNC
