"""Whatever a member types, nothing they type pings anyone or breaks the message's formatting."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from adapters.discord.markdown import to_discord
from bot.markup import escape, mention
from tests.discord.fake_api import FakeDiscordAPI
from tests.discord.gateway import (
    CHANNEL_ID,
    Gateway,
    click,
    modal_submit,
    option,
    slash,
    subcommand,
    user_option,
)
from tests.discord.helpers import ANA, BEN_ID, labels_of

HOSTILE = "@everyone @here <@&539082325061837000> <@400000000000000002> **loud** __under__ ||spoiler|| `code`"
ZERO_WIDTH = "\u200b"


def assert_pings_nobody(text: str) -> None:
    """No live @everyone/@here, role or user mention in ``text``."""
    assert not re.search(r"@(everyone|here)", text), text
    assert not re.search(r"<@[!&]?\d+>", text), text


async def test_hostile_text_in_every_field_pings_nobody_in_the_answer_or_the_card(
    gateway: Gateway, fake_api: FakeDiscordAPI
) -> None:
    fields = ("company", "role", "manager", "met", "notes")
    await gateway.dispatch(slash(ANA, "rejected", [option(name, HOSTILE) for name in fields]))
    answer = fake_api.callbacks()[-1]
    share = next(c for c in answer.custom_ids() if ":rejected.share:" in c)
    await gateway.dispatch(click(ANA, share, ephemeral=True))
    modal = fake_api.callbacks()[-1].json["data"]
    await gateway.dispatch(
        modal_submit(ANA, modal["custom_id"], {"include": ["company", "role", "stage"], "note": HOSTILE})
    )
    [card] = fake_api.channel_posts(CHANNEL_ID)
    for sent in (answer, card, *fake_api.replies()):
        assert sent.allowed_mentions == {"parse": []}
        assert_pings_nobody(sent.text)
    assert "\\*\\*loud\\*\\*" in card.text and "\\|\\|spoiler\\|\\|" in card.text
    assert f"@{ZERO_WIDTH}everyone" in card.text


async def test_a_kudos_shout_out_pings_only_the_member_it_names(
    gateway: Gateway, fake_api: FakeDiscordAPI
) -> None:
    target, resolved = user_option("member", BEN_ID, "Ben")
    command = slash(
        ANA, "kudos", [subcommand("give", [target, option("why", f"for {HOSTILE}")])], resolved=resolved
    )
    await gateway.dispatch(command)
    [shout] = fake_api.channel_posts(CHANNEL_ID)
    assert shout.allowed_mentions == {"parse": [], "users": [int(BEN_ID)]}
    assert f"<@{BEN_ID}>" in shout.text
    without_ben = shout.text.replace(f"<@{BEN_ID}>", "")
    assert_pings_nobody(without_ben)


async def test_modal_fields_show_members_words_as_they_typed_them(
    gateway: Gateway, fake_api: FakeDiscordAPI
) -> None:
    await gateway.dispatch(slash(ANA, "rejected"))
    first = fake_api.callbacks()[-1].json["data"]
    await gateway.dispatch(
        modal_submit(ANA, first["custom_id"], {"company": HOSTILE[:200], "date": "nonsense"})
    )
    [next_page] = fake_api.callbacks()[-1].custom_ids()
    await gateway.dispatch(click(ANA, next_page, ephemeral=True))
    second = fake_api.callbacks()[-1].json["data"]
    await gateway.dispatch(modal_submit(ANA, second["custom_id"], {}))
    [fix] = fake_api.callbacks()[-1].custom_ids()
    await gateway.dispatch(click(ANA, fix, ephemeral=True))
    reopened = fake_api.callbacks()[-1].json["data"]
    company = next(lb for lb in labels_of(reopened) if lb["component"]["custom_id"] == "company")
    assert company["component"]["value"] == HOSTILE[:200]  # inputs are plain text: shown, never parsed


@given(st.text(max_size=200))
def test_any_user_text_renders_without_live_mentions(text: str) -> None:
    rendered = to_discord(escape(text))
    assert_pings_nobody(rendered)


@given(st.text(alphabet=st.sampled_from("*_~|`>#-[]() \nab@<&!:"), max_size=60))
def test_user_text_cannot_open_formatting(text: str) -> None:
    """Every markdown character in user text comes out backslash-escaped (or is a plain letter)."""
    rendered = to_discord(escape(text))
    unescaped = re.sub(r"\\.", "", rendered)
    assert not re.search(r"[*_~|`]", unescaped), rendered


def test_a_deliberate_mention_is_the_only_live_one() -> None:
    markup = escape("Hi @everyone, ") + mention(BEN_ID) + escape(" <@123456789012345678>")
    rendered = to_discord(markup)
    assert re.findall(r"<@!?(\d+)>", rendered) == [BEN_ID]


def test_markdown_inside_a_masked_link_is_escaped_too() -> None:
    """discord.py escapes ``[a](b)`` as a whole; the stars inside must not turn italic."""
    rendered = to_discord(escape("[*a*](b) and [_](:)"))
    assert not re.search(r"[*_~|`\[\]]", re.sub(r"\\.", "", rendered)), rendered
