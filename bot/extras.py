"""Which install option (extra) brings a library the core leaves out, for a one-line hint when it's missing.

The core and the console need no platform SDK; ``bounceback slack``, ``bounceback discord`` and a
PostgreSQL database each need an extra (``pyproject.toml``). Only the libraries named here get a
hint: any other missing module is a real fault and is raised as it is.
"""

from __future__ import annotations

# Top-level module -> the extra that installs it, by the command that needs it.
_BY_COMMAND = {
    "slack": {"slack_bolt": "slack", "slack_sdk": "slack", "aiohttp": "slack"},
    "discord": {"discord": "discord", "aiohttp": "discord"},
}
_ANY_COMMAND = {"asyncpg": "postgres"}


def install_hint(missing: ModuleNotFoundError, command: str) -> str | None:
    """The line naming the extra that brings ``missing`` for ``command``; None if it is no optional one."""
    module = (missing.name or "").partition(".")[0]
    extra = _BY_COMMAND.get(command, {}).get(module) or _ANY_COMMAND.get(module)
    if extra is None:
        return None
    return f"bounceback {command} needs the {extra} extra: pip install 'bounceback[{extra}]'"
