"""A missing optional library gets a one-line install hint; any other missing module stays an error."""

from __future__ import annotations

import pytest

from bot.extras import install_hint


def missing(name: str) -> ModuleNotFoundError:
    return ModuleNotFoundError(f"No module named {name!r}", name=name)


@pytest.mark.parametrize(
    ("module", "command", "extra"),
    [
        ("slack_bolt", "slack", "slack"),
        ("slack_sdk.web.async_client", "slack", "slack"),
        ("aiohttp", "slack", "slack"),
        ("discord", "discord", "discord"),
        ("aiohttp", "discord", "discord"),
        ("asyncpg", "console", "postgres"),
        ("asyncpg", "db", "postgres"),
    ],
)
def test_an_optional_library_names_its_extra(module: str, command: str, extra: str) -> None:
    assert install_hint(missing(module), command) == (
        f"bounceback {command} needs the {extra} extra: pip install 'bounceback[{extra}]'"
    )


@pytest.mark.parametrize(
    ("module", "command"),
    [("aiohttp", "console"), ("discord", "slack"), ("slack_bolt", "discord"), ("bot.nowhere", "slack")],
)
def test_anything_else_is_no_install_problem(module: str, command: str) -> None:
    assert install_hint(missing(module), command) is None
