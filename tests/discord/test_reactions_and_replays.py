"""Raw reactions (unicode and server emoji, messages not cached) and replayed dispatches."""

from __future__ import annotations

from bot.db.models import PostedMessage, ProcessedEvent, Rejection
from bot.kudos.models import Kudos
from tests.discord.fake_api import FakeDiscordAPI
from tests.discord.gateway import Gateway, option, reaction, slash, subcommand
from tests.discord.helpers import ADMIN, ANA, BEN_ID, count, rows

CUSTOM = "<:LUL:41771983429993937>"


async def shared_card(gateway: Gateway, fake_api: FakeDiscordAPI, db) -> str:
    """Ana logs and shares a rejection; the card's message id."""
    from tests.discord.gateway import click, modal_submit

    await gateway.dispatch(slash(ANA, "rejected", [option("company", "Acme")]))
    share = next(c for c in fake_api.callbacks()[-1].custom_ids() if ":rejected.share:" in c)
    await gateway.dispatch(click(ANA, share, ephemeral=True))
    modal = fake_api.callbacks()[-1].json["data"]
    await gateway.dispatch(modal_submit(ANA, modal["custom_id"], {"include": ["company"], "note": ""}))
    [posted] = await rows(db, PostedMessage)
    return posted.platform_message_id


def reaction_keys(events: list[ProcessedEvent]) -> list[str]:
    return [e.event_key for e in events if e.event_key.startswith("reaction:")]


async def test_a_custom_emoji_organisers_chose_gives_kudos_and_removing_it_takes_it_back(
    gateway: Gateway, fake_api: FakeDiscordAPI, db
) -> None:
    card = await shared_card(gateway, fake_api, db)
    await gateway.dispatch(
        slash(ADMIN, "kudos", [subcommand("emojis", [option("change", "add"), option("emojis", CUSTOM)])])
    )
    await gateway.dispatch(reaction("message_reaction_add_custom", message_id=card, user_id=BEN_ID))
    [kudos] = await rows(db, Kudos)
    assert kudos.emoji == "discord:41771983429993937"
    await gateway.dispatch(reaction("message_reaction_remove_custom", message_id=card, user_id=BEN_ID))
    assert await count(db, Kudos) == 0


async def test_a_unicode_emoji_removed_takes_its_kudos_back(
    gateway: Gateway, fake_api: FakeDiscordAPI, db
) -> None:
    card = await shared_card(gateway, fake_api, db)
    for template in ("message_reaction_add_unicode", "message_reaction_remove_unicode"):
        dispatch = reaction(template, message_id=card, user_id=BEN_ID)
        dispatch["d"]["emoji"] = {"id": None, "name": "🙌"}
        await gateway.dispatch(dispatch)
        assert await count(db, Kudos) == (1 if "add" in template else 0)


async def test_a_replayed_reaction_is_handled_once_but_add_remove_add_is_three_changes(
    gateway: Gateway, fake_api: FakeDiscordAPI, db
) -> None:
    card = await shared_card(gateway, fake_api, db)
    add = reaction("message_reaction_add_unicode", message_id=card, user_id=BEN_ID)
    add["d"]["emoji"] = {"id": None, "name": "👏"}
    remove = reaction("message_reaction_remove_unicode", message_id=card, user_id=BEN_ID)
    remove["d"]["emoji"] = {"id": None, "name": "👏"}

    await gateway.dispatch(add)
    await gateway.dispatch(add)  # the same dispatch again, as after a RESUME
    assert len(reaction_keys(await rows(db, ProcessedEvent))) == 1
    assert await count(db, Kudos) == 1

    await gateway.dispatch(remove)
    await gateway.dispatch(remove)
    assert await count(db, Kudos) == 0
    await gateway.dispatch(add)  # a genuine second add is not mistaken for a replay
    assert await count(db, Kudos) == 1
    assert len(reaction_keys(await rows(db, ProcessedEvent))) == 3


async def test_a_replayed_interaction_is_answered_and_handled_once(
    gateway: Gateway, make_client, fake_api: FakeDiscordAPI, db
) -> None:
    command = slash(ANA, "rejected", [option("company", "Acme")])
    await gateway.dispatch(command)
    await gateway.dispatch(command)
    assert await count(db, Rejection) == 1
    assert len(fake_api.callbacks()) == 1

    # Even a process that never saw it (its memory empty) leaves the data as it was: the core remembers.
    other = Gateway(await make_client())
    await other.dispatch(command)
    assert await count(db, Rejection) == 1
    assert len(fake_api.callbacks()) == 1


async def test_reactions_in_other_servers_and_on_unknown_messages_change_nothing(
    gateway: Gateway, fake_api: FakeDiscordAPI, db
) -> None:
    stray = reaction("message_reaction_add_unicode", message_id="1111111111111111111", user_id=BEN_ID)
    stray["d"]["emoji"] = {"id": None, "name": "👏"}
    await gateway.dispatch(stray)
    await gateway.dispatch(slash(ANA, "bounceback", [subcommand("help")]))
    assert await count(db, Kudos) == 0
