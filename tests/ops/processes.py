"""Running ``bounceback`` as a real process and reading what it prints while it runs."""

from __future__ import annotations

import contextlib
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def clean_environment(**extra: str) -> dict[str, str]:
    """This process's environment without any Bounceback, Slack or Discord setting, plus ``extra``."""
    prefixes = ("BOUNCEBACK_", "SLACK_", "DISCORD_", "SHARD_")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    environment.update(extra)
    return environment


class Running:
    """A child process whose standard output and error are collected line by line as they come."""

    def __init__(self, args: list[str], env: dict[str, str], cwd: Path = ROOT, stdin: bool = False) -> None:
        self.process = subprocess.Popen(
            args,
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=cwd,
        )
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self._lines: queue.Queue[str] = queue.Queue()
        for stream, into in ((self.process.stdout, self.stdout), (self.process.stderr, self.stderr)):
            threading.Thread(target=self._collect, args=(stream, into), daemon=True).start()

    def _collect(self, stream, into: list[str]) -> None:
        for line in stream:
            into.append(line)
            self._lines.put(line)

    def send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def wait_for(self, seen: Callable[[], bool], what: str, limit: float = 60.0) -> None:
        """Wait until ``seen()`` (re-checked whenever a line arrives); fail with the output if it never is."""
        deadline = time.monotonic() + limit
        while not seen():
            if self.process.poll() is not None and self._lines.empty():
                raise AssertionError(f"exited {self.process.returncode} before {what}:\n{self.output}")
            if time.monotonic() > deadline:
                raise AssertionError(f"no {what} within {limit:.0f} s:\n{self.output}")
            with contextlib.suppress(queue.Empty):
                self._lines.get(timeout=0.2)

    def finish(self, limit: float = 60.0) -> int:
        try:
            return self.process.wait(timeout=limit)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()

    @property
    def output(self) -> str:
        return "".join(self.stdout) + "".join(self.stderr)


def bounceback_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "adapters.cli", *args]
