"""The kudos scenario through the real Discord adapter (discord.py's parsing, a local HTTP API)."""

from __future__ import annotations

from bot.db.models import Member, PostedMessage
from bot.kudos.models import Kudos, KudosCredit
from tests.discord.conftest import (  # noqa: F401
    client,
    discord_app,
    fake_api,
    gateway,
    make_client,
    no_errors_logged,
    settings,
)
from tests.discord.fake_api import FakeDiscordAPI
from tests.discord.gateway import (
    CHANNEL_ID,
    GUILD_ID,
    Gateway,
    click,
    load,
    modal_submit,
    option,
    reaction,
    slash,
    subcommand,
    user_option,
)
from tests.discord.helpers import ADMIN, ANA, ANA_ID, BEN, BEN_ID, rows
from tests.kudos.scenario import EXPECTED, final_counts

CARA_ID = "400000000000000004"  # a member who never used a command: known only from her reactions


def reacted(template: str, message_id: str, user_id: str, emoji: str) -> dict:
    envelope = reaction(template, message_id=message_id, user_id=user_id)
    envelope["d"]["emoji"] = {"id": None, "name": emoji}
    return envelope


async def test_the_kudos_scenario_on_discord(gateway: Gateway, fake_api: FakeDiscordAPI, db) -> None:  # noqa: F811
    await gateway.dispatch(
        slash(ANA, "rejected", [option("company", "Acme"), option("stage", "final_round")])
    )
    share = next(c for c in fake_api.callbacks()[-1].custom_ids() if ":rejected.share:" in c)
    await gateway.dispatch(click(ANA, share, ephemeral=True))
    modal = fake_api.callbacks()[-1].json["data"]["custom_id"]
    await gateway.dispatch(modal_submit(ANA, modal, {"include": ["company", "stage"], "note": "Onwards"}))
    [posted] = await rows(db, PostedMessage)
    card = posted.platform_message_id

    ben_claps = reacted("message_reaction_add_unicode", card, BEN_ID, "👏")
    for _ in range(3):  # the first delivery, then replays (as after a RESUME)
        await gateway.dispatch(ben_claps)
    await gateway.dispatch(reacted("message_reaction_add_unicode", card, CARA_ID, "👏🏽"))
    await gateway.dispatch(reacted("message_reaction_add_unicode", card, ANA_ID, "👏"))
    ana, resolved = user_option("member", ANA_ID, "Ana")
    await gateway.dispatch(
        slash(
            BEN,
            "kudos",
            [subcommand("give", [ana, option("why", "for sharing @everyone")])],
            resolved=resolved,
        )
    )
    await gateway.dispatch(reacted("message_reaction_remove_unicode", card, CARA_ID, "👏🏽"))

    ids = {"ana": ANA_ID, "ben": BEN_ID, "cara": CARA_ID}
    assert await final_counts(db, "discord", GUILD_ID, ids) == EXPECTED
    shout = fake_api.channel_posts(CHANNEL_ID)[-1]
    assert f"<@{ANA_ID}>" in shout.text
    assert shout.allowed_mentions is not None and "everyone" not in shout.allowed_mentions.get("parse", [])
    assert [str(u) for u in shout.allowed_mentions.get("users", [])] == [ANA_ID]


async def test_a_reaction_on_a_message_older_than_the_cache_credits_its_author(gateway: Gateway, db) -> None:  # noqa: F811
    """The documented raw event: the message isn't in discord.py's cache, the author comes with the event."""
    envelope = load("message_reaction_add_unicode")
    envelope["d"].update(guild_id=GUILD_ID, user_id=BEN_ID, emoji={"id": None, "name": "🙌🏿"})
    envelope["d"]["member"]["user"]["id"] = BEN_ID
    await gateway.dispatch(envelope)
    [credit] = await rows(db, KudosCredit)
    [author] = await rows(db, Member, Member.id == credit.member_id)
    assert author.platform_user_id == envelope["d"]["message_author_id"]


async def test_a_custom_server_emoji_counts_once_an_organiser_adds_it(gateway: Gateway, db) -> None:  # noqa: F811
    envelope = load("message_reaction_add_custom")
    envelope["d"].update(guild_id=GUILD_ID, user_id=BEN_ID)
    envelope["d"]["member"]["user"]["id"] = BEN_ID
    await gateway.dispatch(envelope)
    assert await rows(db, Kudos) == []  # not a kudos emoji yet
    custom = "<:LUL:41771983429993937>"
    await gateway.dispatch(
        slash(ADMIN, "kudos", [subcommand("emojis", [option("change", "add"), option("emojis", custom)])])
    )
    replay = load("message_reaction_add_custom")
    replay["d"].update(guild_id=GUILD_ID, user_id=BEN_ID, message_id="867793854505943042")
    replay["d"]["member"]["user"]["id"] = BEN_ID
    await gateway.dispatch(replay)
    [kudos] = await rows(db, Kudos)
    assert kudos.platform_message_id == "867793854505943042"
