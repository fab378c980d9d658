"""The SQLite write gate: one writer at a time, a waiting acknowledgement first."""

from __future__ import annotations

import asyncio

from bot.inbox.gate import WriteGate


async def test_one_writer_at_a_time_and_acknowledgements_go_first() -> None:
    gate = WriteGate(enabled=True)
    order: list[str] = []
    release = asyncio.Event()

    async def write(name: str, urgent: bool = False) -> None:
        async with gate.open(urgent=urgent):
            order.append(name)
            if name == "first":
                await release.wait()

    first = asyncio.create_task(write("first"))
    await asyncio.sleep(0)
    waiting = [asyncio.create_task(write("worker")), asyncio.create_task(write("ack", urgent=True))]
    await asyncio.sleep(0)
    assert order == ["first"], "the others wait"
    release.set()
    await asyncio.gather(first, *waiting)
    assert order == ["first", "ack", "worker"]


async def test_a_waiter_cancelled_leaves_the_gate_usable() -> None:
    gate = WriteGate(enabled=True)
    holding = asyncio.Event()
    release = asyncio.Event()

    async def hold() -> None:
        async with gate.open():
            holding.set()
            await release.wait()

    holder = asyncio.create_task(hold())
    await holding.wait()
    cancelled = asyncio.create_task(gate.open().__aenter__())
    await asyncio.sleep(0)
    cancelled.cancel()
    release.set()
    await holder
    async with asyncio.timeout(5), gate.open():
        pass
