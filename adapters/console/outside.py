"""The console's side of the scheduler: messages sent outside any interaction, and the group's members.

``bounceback console`` runs the scheduling machinery on the console's
ManualClock: ``/wait`` moves time in steps and each step runs what fell due,
so a month of weekly check-ins can be walked through in a script.
"""

from __future__ import annotations

from adapters.console.gateway import BOT_USER_ID, PLATFORM, ConsoleGateway
from bot.ports import ChannelMember, Delivered
from bot.replies import Reply
from bot.scheduling.runtime import SchedulingRuntime
from bot.wiring import build_jobs


class ConsoleSender:
    """ReplySender: prints the message in the console, as the platform would show it."""

    def __init__(self, gateway: ConsoleGateway) -> None:
        self._gateway = gateway

    async def send(self, workspace_id: str, reply: Reply) -> Delivered:
        return self._gateway.deliver_outside(reply)


class ConsoleDirectory:
    """ChannelDirectory: the one group channel, whose members are everyone who has typed (``/as``)."""

    def __init__(self, gateway: ConsoleGateway) -> None:
        self._gateway = gateway

    async def default_channel(self, workspace_id: str) -> str | None:
        return self._gateway.channel

    async def channel_members(self, workspace_id: str, channel_id: str) -> list[ChannelMember] | None:
        if channel_id != self._gateway.channel:
            return []
        return [
            ChannelMember(user_id, name)
            for user_id, name in self._gateway.names.items()
            if user_id != BOT_USER_ID
        ]


def attach_scheduling(gateway: ConsoleGateway) -> SchedulingRuntime:
    """Run the scheduler on every ``/wait`` step; what it sends arrives through :class:`ConsoleSender`."""
    runtime = SchedulingRuntime(
        gateway.app,
        {PLATFORM: ConsoleSender(gateway)},
        jobs=build_jobs(),
        directory=ConsoleDirectory(gateway),
        name="console",
    )

    async def tick() -> list[Reply]:
        await runtime.tick()
        return []

    gateway.tickers.append(tick)
    return runtime
