"""Bot-token mode: app_uninstalled and tokens_revoked get a 200, a warning, and the token is dropped."""

from __future__ import annotations

import logging

import pytest

from bot.markup import Markup
from bot.ports import DeliveryFailed
from bot.replies import Audience, Reply
from tests.slack import payloads as p
from tests.slack.conftest import SlackHarness
from tests.slack.fake_slack import TEAM

DM = Reply(audience=Audience.DIRECT, recipient_user_id="U0ANA", body=Markup("Hi"))


async def test_uninstalling_stops_deliveries_without_calling_slack(
    slack: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    await slack.runtime.sender.send(TEAM, DM)  # installed: delivered
    calls_before = len(slack.api.calls)
    gone = {"type": "app_uninstalled", "event_ts": "1700000000.000200"}
    with caplog.at_level(logging.INFO):
        status, _ = await slack.event(p.event_envelope(gone, event_id="Ev0GONE"))
        assert status == 200  # not a 404, which Slack would retry
        await slack.settle()
    [warning] = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert "uninstalled" in warning.getMessage() and TEAM in warning.getMessage()
    with pytest.raises(DeliveryFailed) as failed:
        await slack.runtime.sender.send(TEAM, DM)
    assert failed.value.permanent
    assert len(slack.api.calls) == calls_before  # the dead token was not even tried


async def test_a_revoked_bot_token_is_dropped(slack: SlackHarness) -> None:
    revoked = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["U0BOT"]}, "event_ts": "1.2"}
    status, _ = await slack.event(p.event_envelope(revoked, event_id="Ev0REVOKED"))
    assert status == 200
    await slack.settle()
    with pytest.raises(DeliveryFailed) as failed:
        await slack.runtime.sender.send(TEAM, DM)
    assert failed.value.permanent
    assert slack.api.to("chat.postMessage") == []


async def test_revoked_user_tokens_change_nothing_for_the_bot(slack: SlackHarness) -> None:
    revoked = {"type": "tokens_revoked", "tokens": {"oauth": ["U0ANA"], "bot": []}, "event_ts": "1.3"}
    status, _ = await slack.event(p.event_envelope(revoked, event_id="Ev0USERTOKEN"))
    assert status == 200
    await slack.settle()
    await slack.runtime.sender.send(TEAM, DM)
    assert len(slack.api.to("chat.postMessage")) == 1
