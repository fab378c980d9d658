"""Where discord.py sends its HTTP requests: Discord's API, or ``DISCORD_API_URL``.

discord.py takes no per-client address for the API. Every request it makes,
interaction callbacks and webhooks included, is built on one class attribute,
``discord.http.Route.BASE``, which the library itself reassigns when it
changes API version; assigning it is how discord.py is aimed at another
server. (Its ``proxy`` and ``connector`` options are no way round this: an
``https://discord.com`` request still goes through them as TLS to Discord.)
So the address belongs to the process, and this is the one place that sets
it: the ``bounceback discord`` commands, once, before any client exists, and
the tests' local stand-in for the API when it starts.
"""

from __future__ import annotations

import discord

DISCORD_API = discord.http.Route.BASE


def use_api_url(api_url: str | None) -> None:
    """Send this process's discord.py requests to ``api_url`` (to Discord's API when it is None)."""
    discord.http.Route.BASE = api_url or DISCORD_API
