"""Only Slack gets in: bolt checks every request's signature; anything else is a 401 that changes nothing."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.models import Community, ProcessedEvent
from tests.slack import payloads as p
from tests.slack.conftest import SlackHarness


def test_our_signing_matches_slacks_published_test_vector() -> None:
    vector = p.documented("slack_signing_test_vector.json")
    body = p.documented("slack_slash_command.txt").encode()
    assert body.decode() == vector["body"]
    expected = vector["x_slack_signature"]
    assert p.signature(vector["signing_secret"], vector["x_slack_request_timestamp"], body) == expected


async def _nothing_happened(slack: SlackHarness, db: AsyncEngine) -> None:
    await slack.settle()
    assert slack.api.calls == []
    async with db.connect() as connection:
        assert await connection.scalar(select(func.count()).select_from(Community)) == 0
        assert await connection.scalar(select(func.count()).select_from(ProcessedEvent)) == 0


def _command(slack: SlackHarness) -> bytes:
    return p.command_body("/rejected", "Acme", trigger_id="1.2.3", response_url=slack.api.response_url("bad"))


async def test_a_wrong_signature_is_refused(slack: SlackHarness, db: AsyncEngine) -> None:
    status, _ = await slack.post(
        _command(slack), "application/x-www-form-urlencoded", secret="not-the-secret"
    )
    assert status == 401
    await _nothing_happened(slack, db)


async def test_a_body_changed_after_signing_is_refused(slack: SlackHarness, db: AsyncEngine) -> None:
    body = _command(slack)
    headers = p.signed_headers(body, "application/x-www-form-urlencoded")
    tampered = body.replace(b"Acme", b"Evil")
    async with slack.session.post(slack.url, data=tampered, headers=headers) as response:
        assert response.status == 401
    await _nothing_happened(slack, db)


@pytest.mark.parametrize("missing", ["X-Slack-Signature", "X-Slack-Request-Timestamp"])
async def test_missing_signature_headers_are_refused(
    slack: SlackHarness, db: AsyncEngine, missing: str
) -> None:
    body = _command(slack)
    headers = p.signed_headers(body, "application/x-www-form-urlencoded")
    del headers[missing]
    async with slack.session.post(slack.url, data=body, headers=headers) as response:
        assert response.status == 401
    await _nothing_happened(slack, db)


async def test_a_request_older_than_five_minutes_is_refused(slack: SlackHarness, db: AsyncEngine) -> None:
    status, _ = await slack.post(_command(slack), "application/x-www-form-urlencoded", age=5 * 60 + 30)
    assert status == 401
    await _nothing_happened(slack, db)


async def test_a_replayed_event_with_a_stale_signature_is_refused(
    slack: SlackHarness, db: AsyncEngine
) -> None:
    envelope = p.event_envelope(p.home_opened("U0ANA"), event_id="Ev0STALE")
    status, _ = await slack.post(json.dumps(envelope).encode(), "application/json", age=600)
    assert status == 401
    await _nothing_happened(slack, db)


async def test_a_fresh_signed_request_gets_in(slack: SlackHarness) -> None:
    status, _ = await slack.post(_command(slack), "application/x-www-form-urlencoded", age=60)
    assert status == 200


async def test_the_url_verification_challenge_is_answered(slack: SlackHarness, db: AsyncEngine) -> None:
    challenge = {
        "token": "Jhj5dZrVaK7ZwHHjRyZWjbDl",
        "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
        "type": "url_verification",
    }
    status, body = await slack.post(json.dumps(challenge).encode(), "application/json")
    assert status == 200
    assert challenge["challenge"] in body
    await _nothing_happened(slack, db)
