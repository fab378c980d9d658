"""Slack requests in Slack's documented shapes (``payloads/``), and signing exactly as Slack signs them."""

from __future__ import annotations

import copy
import hashlib
import hmac
import itertools
import json
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from tests.slack.fake_slack import APP_ID, TEAM

PAYLOADS = Path(__file__).parent / "payloads"
_VIEWS = itertools.count(1)
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
CHANNEL = "C0GROUP"


def documented(name: str) -> Any:
    path = PAYLOADS / name
    return path.read_text() if path.suffix == ".txt" else json.loads(path.read_text())


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """Slack's v0 signature: HMAC-SHA256 of ``v0:{timestamp}:{body}`` keyed by the signing secret."""
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(
    body: bytes, content_type: str, secret: str = SIGNING_SECRET, age: int = 0
) -> dict[str, str]:
    timestamp = str(int(time.time()) - age)
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": signature(secret, timestamp, body),
    }


def command_body(
    command: str,
    text: str = "",
    *,
    user: str = "U0ANA",
    user_name: str = "ana",
    channel: str = CHANNEL,
    team: str = TEAM,
    trigger_id: str,
    response_url: str,
    org: str | None = None,
) -> bytes:
    """A slash command, in the shape of the documented ``slack_slash_command.json``.

    With ``org``: from a workspace of that Enterprise Grid org, through its org-wide install.
    """
    fields = dict(documented("slack_slash_command.json"))
    fields.update(
        team_id=team,
        team_domain="bounceback-test",
        channel_id=channel,
        channel_name="directmessage" if channel.startswith("D") else "job-hunt",
        user_id=user,
        user_name=user_name,
        command=command,
        text=text,
        response_url=response_url,
        trigger_id=trigger_id,
        api_app_id=APP_ID,
    )
    if org is not None:
        fields.update(enterprise_id=org, enterprise_name="Org", is_enterprise_install="true")
    return urlencode(fields).encode()


def block_actions(
    action_id: str,
    value: str,
    *,
    user: str = "U0ANA",
    channel: str | None = CHANNEL,
    message_ts: str = "1700000000.000001",
    trigger_id: str,
    response_url: str | None,
    team: str = TEAM,
) -> dict[str, Any]:
    """A button click, in the shape of the documented ``slack_block_actions.json``.

    ``channel=None`` is a click on the App Home (a view container, no channel, no response_url).
    """
    payload = copy.deepcopy(documented("slack_block_actions.json"))
    payload["user"] = {"id": user, "username": user.lower(), "name": user.lower(), "team_id": team}
    payload["team"] = {"id": team, "domain": "bounceback-test"}
    payload["trigger_id"] = trigger_id
    payload["api_app_id"] = APP_ID
    payload["actions"][0].update(action_id=action_id, value=value, block_id="actions")
    if channel is None:
        payload["container"] = {"type": "view", "view_id": "V0HOME"}
        payload["view"] = {"id": "V0HOME", "type": "home", "team_id": team, "blocks": [], "app_id": APP_ID}
        del payload["channel"]
        del payload["response_url"]
    else:
        payload["container"] = {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": channel,
            "is_ephemeral": True,
        }
        payload["channel"] = {"id": channel, "name": "job-hunt"}
        payload["response_url"] = response_url
    return payload


def view_submission(
    opened_view: dict[str, Any],
    values: dict[str, Any],
    *,
    user: str = "U0ANA",
    trigger_id: str,
    team: str = TEAM,
    view_id: str | None = None,
    view_hash: str | None = None,
) -> dict[str, Any]:
    """A modal submitted, in the shape of the documented ``slack_view_submission.json``.

    ``opened_view`` is the view the adapter sent to views.open; ``values`` maps
    block ids to the element state Slack would report (see :func:`typed`, :func:`picked`...).
    Each call is a view of its own (its own id and hash) unless ``view_id`` and ``view_hash``
    say it is the same view submitted again.
    """
    payload = copy.deepcopy(documented("slack_view_submission.json"))
    payload["team"] = {"id": team, "domain": "bounceback-test"}
    payload["user"] = {"id": user, "username": user.lower(), "name": user.lower(), "team_id": team}
    payload["trigger_id"] = trigger_id
    payload["api_app_id"] = APP_ID
    view = payload["view"]
    view.update(
        team_id=team,
        blocks=opened_view["blocks"],
        private_metadata=opened_view["private_metadata"],
        callback_id=opened_view["callback_id"],
        title=opened_view["title"],
        submit=opened_view["submit"],
        app_id=APP_ID,
        app_installed_team_id=team,
        id=view_id or f"V{next(_VIEWS):06d}",
        hash=view_hash or f"1700000000.{next(_VIEWS):06d}",
    )
    view["state"] = {"values": {block: {"value": state} for block, state in values.items()}}
    return payload


def typed(text: str | None) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": text}


def picked(value: str | None) -> dict[str, Any]:
    option = {"text": {"type": "plain_text", "text": value}, "value": value} if value else None
    return {"type": "static_select", "selected_option": option}


def checked(*values: str) -> dict[str, Any]:
    return {"type": "checkboxes", "selected_options": [{"value": v} for v in values]}


def dated(day: str | None) -> dict[str, Any]:
    return {"type": "datepicker", "selected_date": day}


def event_envelope(
    event: dict[str, Any], *, event_id: str, team: str = TEAM, org: str | None = None
) -> dict[str, Any]:
    """An Events API delivery, in the shape of the documented ``slack_event_reaction_added.json``.

    With ``org``: delivered to that Enterprise Grid org's org-wide install (no team in its authorization).
    """
    envelope = copy.deepcopy(documented("slack_event_reaction_added.json"))
    envelope.update(team_id=team, api_app_id=APP_ID, event_id=event_id, event=event)
    authorization = {"team_id": team, "user_id": "U0BOT", "is_bot": True, "is_enterprise_install": False}
    if org is not None:
        envelope.update(enterprise_id=org, is_ext_shared_channel=False)
        authorization.update(enterprise_id=org, team_id=None, is_enterprise_install=True)
    envelope["authorizations"] = [authorization]
    return envelope


def reaction(
    kind: str, emoji: str, *, user: str, channel: str, ts: str, item_user: str | None = "U0BOT"
) -> dict[str, Any]:
    event = copy.deepcopy(documented("slack_event_reaction_added.json")["event"])
    event.update(type=kind, user=user, reaction=emoji, item_user=item_user)
    event["item"] = {"type": "message", "channel": channel, "ts": ts, "channel_type": "channel"}
    return event


def home_opened(user: str, tab: str = "home") -> dict[str, Any]:
    return {
        "type": "app_home_opened",
        "user": user,
        "channel": "D" + user,
        "tab": tab,
        "event_ts": "1700000000.000100",
    }
