"""The ``bounceback`` command: ``console``, ``db upgrade``/``downgrade``/``current``, and the platforms.

It lives with the adapters because it starts them: the core (``bot/``) imports
no adapter. Each adapter is imported only by the subcommand that runs it, so
``bounceback console`` loads no platform SDK and needs no extra installed.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from bot import loop
from bot.config import ConfigError, Settings, load_settings
from bot.db.problems import DatabaseUnavailable
from bot.extras import install_hint
from bot.numbers import whole_number
from bot.ops.logs import configure_logging


def _console(settings: Settings, _args: argparse.Namespace) -> int:
    from adapters.console.repl import run_console
    from bot.ops.lifecycle import exit_on_sigterm

    with exit_on_sigterm(settings.shutdown_timeout):
        return loop.run(run_console(settings, sys.stdin, sys.stdout))


def _healthcheck(settings: Settings, args: argparse.Namespace) -> int:
    from bot.ops.probe import check

    healthy, said = check(settings.ops_host, settings.ops_port, ready=args.ready)
    print(said, file=sys.stdout if healthy else sys.stderr)
    return 0 if healthy else 1


def _slack(settings: Settings, args: argparse.Namespace) -> int:
    from adapters.slack.run import run_slack

    return run_slack(settings, args.port, args.host)


def _discord(settings: Settings, args: argparse.Namespace) -> int:
    from adapters.discord.cli import run_discord_command

    return run_discord_command(settings, args)


def _db_upgrade(settings: Settings, args: argparse.Namespace) -> int:
    from bot.db.migrate import upgrade

    upgrade(settings.async_database_url, args.revision)
    print(f"Database is at revision {args.revision}.")
    return 0


def _db_downgrade(settings: Settings, args: argparse.Namespace) -> int:
    from bot.db.migrate import downgrade

    downgrade(settings.async_database_url, args.revision)
    print(f"Database downgraded to {args.revision}.")
    return 0


def _db_current(settings: Settings, _args: argparse.Namespace) -> int:
    from bot.db.migrate import current

    current(settings.async_database_url)
    return 0


def _port(text: str) -> int:
    port = whole_number(text, low=1, high=65535)
    if port is None:
        raise argparse.ArgumentTypeError(f"{text!r} isn't a port; use a number from 1 to 65535")
    return port


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bounceback",
        description="Bounceback: a community bot that helps job-hunt groups keep going after rejection.",
    )
    parser.add_argument("--database-url", help="overrides BOUNCEBACK_DATABASE_URL")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    console = commands.add_parser(
        "console",
        help="chat with the bot in this terminal (SQLite by default)",
        description="A local terminal chat with one group. Reads a script from "
        "standard input when it isn't a terminal: bounceback console < demo.txt",
    )
    console.set_defaults(run=_console)

    slack = commands.add_parser(
        "slack",
        help="run the bot on Slack (HTTP mode, or Socket Mode when SLACK_APP_TOKEN is set)",
        description="Serve the Slack app: events, commands and interactivity at /slack/events, "
        "the OAuth install at /slack/install, health at /healthz. Reads SLACK_SIGNING_SECRET, then "
        "SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (OAuth installs), "
        "SLACK_APP_TOKEN (Socket Mode) and SLACK_API_URL (optional).",
    )
    slack.add_argument("--port", type=_port, help="port to listen on (default: BOUNCEBACK_PORT, else 3000)")
    slack.add_argument("--host", default="0.0.0.0", help="address to listen on (default: 0.0.0.0)")
    slack.set_defaults(run=_slack)

    discord = commands.add_parser(
        "discord",
        help="run the bot on Discord (reads DISCORD_TOKEN)",
        description="Connect to Discord's gateway and answer commands. Reads DISCORD_TOKEN, and optionally "
        "DISCORD_SHARD_COUNT and DISCORD_SHARD_IDS (sharding), DISCORD_ORGANISER_ROLES, "
        "DISCORD_APPLICATION_ID and DISCORD_API_URL.",
    )
    discord.set_defaults(run=_discord, discord_action="run")
    discord_actions = discord.add_subparsers(dest="discord_action", metavar="ACTION")
    sync = discord_actions.add_parser(
        "sync",
        help="register the slash commands with Discord",
        description="Register the slash commands: globally, or in one server with --guild (instant; for "
        "development). Run it after an upgrade that changes commands, not on every start.",
    )
    sync.add_argument("--guild", type=int, metavar="ID", help="the server (guild) id to register them in")
    discord_actions.add_parser(
        "invite-url",
        help="print the link that adds the bot to a server",
        description="Print the OAuth2 invite URL with the scopes and permissions the bot needs.",
    )

    db = commands.add_parser(
        "db", help="manage the database schema", description="Apply or inspect migrations."
    )
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    up = db_commands.add_parser(
        "upgrade", help="apply migrations", description="Apply migrations up to a revision."
    )
    up.add_argument("revision", nargs="?", default="head", help="target revision (default: head, the newest)")
    up.set_defaults(run=_db_upgrade)
    down = db_commands.add_parser("downgrade", help="revert migrations", description="Revert to a revision.")
    down.add_argument("revision", help="target revision, e.g. -1 or base")
    down.set_defaults(run=_db_downgrade)
    cur = db_commands.add_parser(
        "current", help="show the current revision", description="Show the revision."
    )
    cur.set_defaults(run=_db_current)

    health = commands.add_parser(
        "healthcheck",
        help="ask the running bot on this machine whether it is alive (the image's HEALTHCHECK)",
        description="Query /healthz (or /readyz with --ready) on BOUNCEBACK_OPS_HOST:BOUNCEBACK_OPS_PORT; "
        "exit 0 when it answers 200, 1 otherwise.",
    )
    health.add_argument("--ready", action="store_true", help="ask /readyz (database and platform) instead")
    health.set_defaults(run=_healthcheck)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    environ = dict(os.environ)
    if args.database_url:
        environ["BOUNCEBACK_DATABASE_URL"] = args.database_url
    try:
        settings = load_settings(environ)
    except ConfigError as err:
        print(f"bounceback: configuration problem: {err}", file=sys.stderr)
        return 2
    quiet_console = args.command == "console" and "BOUNCEBACK_LOG_LEVEL" not in environ
    configure_logging(
        "WARNING" if quiet_console else settings.log_level, settings.log_format, environ=environ
    )
    try:
        return int(args.run(settings, args) or 0)
    except DatabaseUnavailable as err:
        print(f"bounceback: {err}", file=sys.stderr)
        return 1
    except ModuleNotFoundError as err:
        hint = install_hint(err, args.command)
        if hint is None:
            raise
        print(hint, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
