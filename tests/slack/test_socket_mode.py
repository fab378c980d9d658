"""Socket Mode: the same bolt app, reached through slack_sdk's Socket Mode client instead of HTTP."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

from adapters.slack.settings import SlackSettings
from tests.slack import payloads as p
from tests.slack.fake_slack import FakeSlack


async def test_a_slash_command_over_socket_mode_is_acknowledged_and_answered(
    make_slack: Callable[..., Any], fake_slack: FakeSlack
) -> None:
    settings = SlackSettings(
        signing_secret="", bot_token="xoxb-test-token", app_token="xapp-test", api_url=fake_slack.api_url
    )
    slack = await make_slack(settings)
    handler = slack.runtime.socket_mode("xapp-test")
    await handler.connect_async()
    try:
        [opened] = fake_slack.to("apps.connections.open")
        assert opened.token == "xapp-test"
        command = dict(
            parse_qsl(
                p.command_body(
                    "/journey", "", trigger_id="9.9.socket", response_url=fake_slack.response_url("socket")
                ).decode()
            )
        )
        await fake_slack.push(
            {
                "envelope_id": "env-1",
                "type": "slash_commands",
                "accepts_response_payload": True,
                "payload": command,
            }
        )
        [ack] = await fake_slack.wait_for("socket_mode_ack")
        assert ack.args["envelope_id"] == "env-1"
        await fake_slack.wait_for("response_url")
    finally:
        await handler.close_async()
    await slack.settle()
    [answer] = fake_slack.responses
    assert answer["response_type"] == "ephemeral" and answer["url_name"] == "socket"
