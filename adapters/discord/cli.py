"""The ``bounceback discord`` subcommands, called by ``adapters.cli`` (which imports this only when asked)."""

from __future__ import annotations

import argparse
import sys

from adapters.discord.invite import invite_url
from adapters.discord.settings import TokenRefused, load_discord_settings
from bot import loop
from bot.config import ConfigError, Settings


def run_discord_command(settings: Settings, args: argparse.Namespace) -> int:
    """``bounceback discord`` (start), ``discord sync [--guild ID]`` or ``discord invite-url``."""
    try:
        discord_settings = load_discord_settings()
        if args.discord_action == "invite-url":
            print(invite_url(discord_settings))
            return 0
        discord_settings.require_token()  # before loading the database and the app
        from adapters.discord.api_base import use_api_url
        from adapters.discord.run import run_discord, sync_commands

        use_api_url(discord_settings.api_url)

        if args.discord_action == "sync":
            return loop.run(sync_commands(settings, discord_settings, args.guild))
        return loop.run(run_discord(settings, discord_settings))
    except ConfigError as err:
        print(f"bounceback: configuration problem: {err}", file=sys.stderr)
        return 2
    except TokenRefused as err:
        print(
            f"bounceback: Discord refused the token ({err}): reset it in the Developer Portal "
            "(Bot → Reset Token) and set DISCORD_TOKEN to the new one.",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        return 0
