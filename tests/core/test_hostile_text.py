"""Text that tries to ping everyone, break formatting or the database is stored and shown literally."""

from __future__ import annotations

import pytest

from adapters.console.gateway import ConsoleGateway
from bot.db.models import Rejection
from bot.markup import Mention, Text, parse
from tests.core.helpers import answer_form, last, rows

HOSTILE = [
    "@everyone",
    "@here",
    "<!channel>",
    "<!here> <!everyone>",
    "<@U123ABC456>",
    "<@123456789012345678>",
    "<@&539082325061836999>",
    "Robert'); DROP TABLE rejections;--",
    '"quoted" \\ backslash % _ *bold* ~strike~ `code`',
    "Café 🚀 ✨",
    "שלום עולם مرحبا",
    "bell\x07 null\x00 esc\x1b[31m red",
    "rtl\u202eoverride",
    "> not a quote",
]


def spans(reply) -> list:
    texts = [reply.body, *(f.value for f in reply.fields)]
    return [span for t in texts for line in parse(t) for span in line.spans]


@pytest.mark.parametrize("hostile", HOSTILE)
async def test_hostile_company_is_stored_and_shown_literally(
    console: ConsoleGateway, db, hostile: str
) -> None:
    out = await console.send(f"/rejected {hostile} Inc | met: {hostile} | manager: {hostile}")
    assert "Traceback" not in "\n".join(out)
    [saved] = await rows(db, Rejection)
    assert saved.company.endswith("Inc")
    reply = last(console).reply
    assert not reply.mentions
    assert not any(isinstance(s, Mention) for s in spans(reply))
    shown = "".join(s.text for s in spans(reply) if isinstance(s, Text))
    assert saved.company in shown
    assert "\x00" not in shown and "\x1b" not in shown and "\u202e" not in shown


@pytest.mark.parametrize("hostile", ["@everyone", "<!channel>", "<@U999>", "*bold*", "||spoiler|| _x_"])
async def test_shared_card_never_mentions_anyone(console: ConsoleGateway, hostile: str) -> None:
    await console.send(f"/as {hostile}")
    await console.send("/rejected Acme")
    await console.send(f"/click {last(console).message_id} share")
    await answer_form(console, "1,2,3,4", hostile)
    card = last(console).reply
    assert card.channel_id == "group"
    assert not card.mentions
    assert not any(isinstance(s, Mention) for s in spans(card))
    assert hostile in "".join(s.text for s in spans(card) if isinstance(s, Text))
