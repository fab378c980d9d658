"""The full journey on Discord: log, answer, share, card, reaction; and buttons that outlive the process."""

from __future__ import annotations

from bot.db.models import PostedMessage, ReconnectReminder, Rejection
from bot.kudos.models import Kudos
from tests.discord.fake_api import FakeDiscordAPI
from tests.discord.gateway import CHANNEL_ID, GUILD_ID, Gateway, click, modal_submit, option, reaction, slash
from tests.discord.helpers import ANA, BEN, BEN_ID, count, labels_of, rows

EPHEMERAL = 64


async def test_log_share_post_and_a_reaction_on_the_card_reaches_the_core(
    gateway: Gateway, fake_api: FakeDiscordAPI, db
) -> None:
    await gateway.dispatch(
        slash(ANA, "rejected", [option("company", "Acme"), option("stage", "final_round")])
    )
    answer = fake_api.callbacks()[-1]
    assert answer.message["flags"] & EPHEMERAL
    share = next(c for c in answer.custom_ids() if ":rejected.share:" in c)
    answer_id = "1399999999999999999"

    await gateway.dispatch(click(ANA, share, message_id=answer_id, ephemeral=True))
    share_modal = fake_api.callbacks()[-1]
    assert share_modal.json["type"] == 9
    include = labels_of(share_modal.json["data"])[0]["component"]
    assert include["type"] == 3 and include["max_values"] == 4  # several choices at once
    assert {o["value"] for o in include["options"] if o.get("default")} == {"company", "stage"}

    await gateway.dispatch(
        modal_submit(
            ANA,
            share_modal.json["data"]["custom_id"],
            {"include": ["company", "stage"], "note": "Onwards!"},
        )
    )
    confirmation = fake_api.callbacks()[-1]
    assert confirmation.message["flags"] & EPHEMERAL
    [card] = fake_api.channel_posts(CHANNEL_ID)
    assert card.allowed_mentions == {"parse": []}
    [embed] = card.message["embeds"]
    assert "Acme" in card.text and "Onwards!" in card.text
    assert [f["name"] for f in embed["fields"]] == ["Company", "Got as far as"]
    [rejection] = await rows(db, Rejection)
    assert rejection.shared

    # The card's message id, as the local API answered the post: the core recorded it.
    [posted] = await rows(db, PostedMessage)
    assert posted.platform_channel_id == CHANNEL_ID
    await gateway.dispatch(
        reaction("message_reaction_add_unicode", message_id=posted.platform_message_id, user_id=BEN_ID)
    )
    assert await count(db, Kudos) == 0  # 🔥 isn't a kudos emoji here
    clap = reaction("message_reaction_add_unicode", message_id=posted.platform_message_id, user_id=BEN_ID)
    clap["d"]["emoji"] = {"id": None, "name": "👏"}
    await gateway.dispatch(clap)
    [kudos] = await rows(db, Kudos)
    assert kudos.platform_message_id == posted.platform_message_id


async def test_a_button_sent_before_a_restart_works_with_a_fresh_client(
    gateway: Gateway, make_client, fake_api: FakeDiscordAPI, db
) -> None:
    await gateway.dispatch(slash(ANA, "rejected", [option("company", "Acme")]))
    remind = next(c for c in fake_api.callbacks()[-1].custom_ids() if ":rejected.remind:" in c)

    fresh = Gateway(await make_client())  # a new process: nothing in memory about that message
    await fresh.dispatch(click(ANA, remind, ephemeral=True))
    modal = fake_api.callbacks()[-1]
    assert modal.json["type"] == 9
    [weeks] = labels_of(modal.json["data"])
    assert weeks["component"]["custom_id"] == "weeks"
    await fresh.dispatch(modal_submit(ANA, modal.json["data"]["custom_id"], {"weeks": ["4"]}))
    [reminder] = await rows(db, ReconnectReminder)
    assert reminder.due_on.isoformat() == "2026-12-21"
    assert "2026-12-21" in fake_api.callbacks()[-1].text


async def test_someone_elses_button_is_not_theirs_to_press(
    gateway: Gateway, fake_api: FakeDiscordAPI, db
) -> None:
    await gateway.dispatch(slash(ANA, "rejected", [option("company", "Acme")]))
    share = next(c for c in fake_api.callbacks()[-1].custom_ids() if ":rejected.share:" in c)
    await gateway.dispatch(click(BEN, share))
    refusal = fake_api.callbacks()[-1]
    assert refusal.json["type"] == 4 and refusal.message["flags"] & EPHEMERAL
    assert not fake_api.channel_posts()
    assert share.startswith(f"bb:{GUILD_ID}:")
    assert (await rows(db, Rejection))[0].shared is False


async def test_when_the_card_cannot_be_posted_the_member_is_told(
    gateway: Gateway, fake_api: FakeDiscordAPI, db
) -> None:
    await gateway.dispatch(slash(ANA, "rejected", [option("company", "Acme")]))
    share = next(c for c in fake_api.callbacks()[-1].custom_ids() if ":rejected.share:" in c)
    await gateway.dispatch(click(ANA, share, ephemeral=True))
    modal = fake_api.callbacks()[-1].json["data"]
    fake_api.answer_once("POST", r"/channels/\d+/messages", 403, {"message": "Missing Access", "code": 50001})
    await gateway.dispatch(modal_submit(ANA, modal["custom_id"], {"include": ["company"], "note": ""}))
    told = fake_api.followups()[-1]
    assert told.message["flags"] & EPHEMERAL
    assert "couldn't post in the group channel" in told.text
    assert await count(db, PostedMessage) == 0
