"""Signals and a bounded shutdown.

SIGTERM (or SIGINT) sets :attr:`Lifecycle.stopping`: readiness turns false at once, the
platform stops taking work, background deliveries in flight finish and the rest go back to
the outbox, the database closes, and the process exits 0. A watchdog thread makes the bound
hard: if the process is still alive ``timeout`` seconds after the signal, it exits with
:data:`EXIT_STUCK` (claimed deliveries then return to the outbox when their lease ends).
A process that stops for another reason (Discord refused the token, the database went away)
gets the same bound from the moment it starts stopping, so no clean-up can hang it for ever.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import threading
from collections.abc import Awaitable, Iterator
from types import FrameType
from typing import Any

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
EXIT_STUCK = 70  # EX_SOFTWARE: shutdown overran its bound


def arm_watchdog(timeout: float) -> threading.Timer:
    """Exit the process ``timeout`` seconds from now, whatever the event loop is doing."""

    def overran() -> None:
        log.error("shutdown took longer than %.0f s; exiting now", timeout)
        logging.shutdown()
        os._exit(EXIT_STUCK)

    timer = threading.Timer(timeout, overran)
    timer.daemon = True
    timer.start()
    return timer


class Lifecycle:
    """The process's stop flag, set by a signal (or by :meth:`stop` directly)."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self.stopping = asyncio.Event()
        self._installed: list[int] = []
        self._watchdog: threading.Timer | None = None

    def install_signal_handlers(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in STOP_SIGNALS:
            loop.add_signal_handler(signum, self.stop, signum)
            self._installed.append(signum)

    def remove_signal_handlers(self) -> None:
        loop = asyncio.get_running_loop()
        for signum in self._installed:
            loop.remove_signal_handler(signum)
        self._installed.clear()

    def stop(self, signum: int | None = None) -> None:
        if self.stopping.is_set():
            log.info("already stopping")
            return
        name = signal.Signals(signum).name if signum is not None else "a stop request"
        log.info("received %s: stopping within %.0f s", name, self.timeout)
        self.stopping.set()
        if signum is not None:
            self.bound_the_rest()

    def bound_the_rest(self) -> None:
        """Give the process ``timeout`` seconds from now to end (once: a later call keeps the first bound)."""
        if self._watchdog is None:
            self._watchdog = arm_watchdog(self.timeout)

    async def run_until_stopped(self, main: Awaitable[Any]) -> None:
        """Run ``main`` (a client's ``start()``, a server's ``serve_forever()``) until it ends or we stop.

        On stop, ``main`` is cancelled and awaited, so its own clean-up (closing connections) runs.
        An exception from ``main`` propagates.
        """
        task = asyncio.ensure_future(main)
        stopping = asyncio.create_task(self.stopping.wait())
        try:
            await asyncio.wait({task, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            if self._installed:  # the process's own lifecycle: whatever ended ``main``, the rest is bounded
                self.bound_the_rest()
            stopping.cancel()
            if not task.done():
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


@contextlib.contextmanager
def exit_on_sigterm(timeout: float) -> Iterator[None]:
    """For a command that may block its thread (the console reading a pipe): SIGTERM exits 0 cleanly.

    The signal raises ``SystemExit(0)`` where the main thread is, so ``finally`` blocks run (the
    database closes) and asyncio cancels what was in flight; the watchdog bounds it all.
    """

    def terminate(signum: int, _frame: FrameType | None) -> None:
        log.info("received %s: stopping within %.0f s", signal.Signals(signum).name, timeout)
        arm_watchdog(timeout)
        raise SystemExit(0)

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
