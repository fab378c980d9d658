"""Kudos by reaction: who is credited, what never counts, and what a repeat changes (nothing)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.db.models import Member
from bot.events import Actor, Conversation, ReactionAdded
from bot.kudos.models import Kudos, KudosCredit
from bot.replies import Audience
from tests.core.helpers import rows
from tests.kudos.conftest import GROUP, Community, credit_count, kudos_count, received_by


async def test_a_kudos_emoji_on_a_members_message_credits_its_author(slack: Community, db) -> None:
    ana, ben = slack.member("U1", "Ana"), slack.member("U2", "Ben")
    assert await slack.react(ben, "clap", "1700000000.000100", author=ana.user_id) == []
    assert await received_by(db, "U1") == 1
    [kudos] = await rows(db, Kudos)
    assert kudos.source == "reaction" and kudos.emoji == "u:👏" and kudos.post_kind is None


async def test_other_emojis_do_not_count(slack: Community, db) -> None:
    ben = slack.member("U2", "Ben")
    await slack.react(ben, "eyes", "m1", author="U1")
    await slack.react(ben, "thinking_face", "m1", author="U1")
    assert await kudos_count(db) == 0


async def test_reacting_to_your_own_message_never_counts(slack: Community, db) -> None:
    ana = slack.member("U1", "Ana")
    await slack.react(ana, "clap", "m1", author=ana.user_id)
    assert await kudos_count(db) == 0


async def test_reactions_by_bots_never_count(slack: Community, db) -> None:
    robot = Actor(platform="slack", workspace_id="T1", user_id="B1", display_name="Robot", is_bot=True)
    await slack.app.handle(
        ReactionAdded(actor=robot, conversation=GROUP, emoji="clap", message_id="m1", message_author_id="U1")
    )
    assert await kudos_count(db) == 0


async def test_removing_the_reaction_takes_the_kudos_back(slack: Community, db) -> None:
    ben, cara = slack.member("U2", "Ben"), slack.member("U3", "Cara")
    await slack.react(ben, "tada", "m1", author="U1")
    await slack.react(cara, "tada", "m1", author="U1")
    assert await received_by(db, "U1") == 2
    # Discord's removal events carry no author: the kudos is found by giver, message and emoji.
    await slack.react(ben, "tada", "m1", author=None, removed=True)
    assert await received_by(db, "U1") == 1
    assert [k.member_id for k in await rows(db, Kudos)] == [
        m.id for m in await rows(db, Member) if m.platform_user_id == "U3"
    ]


async def test_removing_a_reaction_that_never_counted_changes_nothing(slack: Community, db) -> None:
    ben = slack.member("U2", "Ben")
    await slack.react(ben, "clap", "m1", author="U1")
    await slack.react(ben, "clap", "m2", author="U1", removed=True)
    await slack.react(ben, "eyes", "m1", author="U1", removed=True)
    assert await kudos_count(db) == 1


async def test_the_same_event_three_times_counts_once(slack: Community, db) -> None:
    ben = slack.member("U2", "Ben")
    for _ in range(3):
        await slack.react(ben, "clap", "m1", author="U1", event_id="Ev-same")
    assert (await kudos_count(db), await credit_count(db)) == (1, 1)


async def test_one_giver_one_message_one_emoji_counts_once_across_deliveries(slack: Community, db) -> None:
    """Different delivery ids (a reconnect replays, or add/add without a remove) still count once."""
    ben = slack.member("U2", "Ben")
    await slack.react(ben, "clap", "m1", author="U1")
    await slack.react(ben, "clap", "m1", author="U1")
    await slack.react(ben, "clap::skin-tone-4", "m1", author="U1")
    assert await kudos_count(db) == 1
    await slack.react(ben, "heart", "m1", author="U1")  # another emoji is another kudos
    await slack.react(ben, "clap", "m2", author="U1")  # another message too
    assert await kudos_count(db) == 3


async def test_skin_tone_variants_count_on_slack_and_discord(app, db) -> None:
    slack = Community(app, "slack", "T1")
    discord = Community(app, "discord", "G1")
    await slack.react(slack.member("U2"), "clap::skin-tone-2", "m1", author="U1")
    await slack.react(slack.member("U3"), "raised_hands::skin-tone-6", "m1", author="U1")
    await discord.react(discord.member("22"), "👏🏽", "900", author="11")
    await discord.react(discord.member("33"), "💪🏿", "900", author="11")
    await discord.react(discord.member("44"), "❤️", "900", author="11")
    await discord.react(discord.member("55"), "❤", "900", author="11")
    assert await kudos_count(db) == 6


async def test_custom_server_emoji_count_once_organisers_choose_them(app, db) -> None:
    discord = Community(app, "discord", "G1")
    organiser, ben = discord.member("10", "Org"), discord.member("22", "Ben")
    await discord.react(ben, "<:partyblob:123456789012345678>", "900", author="11")
    assert await kudos_count(db) == 0
    [done] = await discord.command(organiser, "kudos", "emojis add <:partyblob:123456789012345678>")
    assert ":partyblob:" in done.body
    await discord.react(ben, "<:partyblob:123456789012345678>", "900", author="11")
    await discord.react(ben, "<a:partyblob:123456789012345678>", "900", author="11")  # same emoji, animated
    assert await kudos_count(db) == 1
    # A Slack workspace's own emoji is known by its name.
    slack = Community(app, "slack", "T1")
    await slack.command(slack.member("U9", "Org"), "kudos", "emojis add :partyparrot:")
    await slack.react(slack.member("U2"), "partyparrot", "m1", author="U1")
    assert await kudos_count(db) == 2


async def test_a_reaction_on_a_message_older_than_the_bots_cache_still_credits(app, db) -> None:
    """Discord's raw reaction events carry the author even when the message isn't cached."""
    discord = Community(app, "discord", "G1")
    await discord.react(discord.member("22", "Ben"), "🎉", "867793854505943041", author="167348773423415296")
    [credit] = await rows(db, KudosCredit)
    receiver = next(m for m in await rows(db, Member) if m.id == credit.member_id)
    assert receiver.platform_user_id == "167348773423415296"


async def test_a_reaction_without_a_known_author_credits_nobody(slack: Community, db) -> None:
    await slack.react(slack.member("U2"), "clap", "m-unknown", author=None)
    assert await kudos_count(db) == 0


async def test_cap_reached_is_told_once_by_dm_and_further_reactions_stay_quiet(make_app, db) -> None:
    slack = Community(make_app())
    await slack.command(slack.member("U9", "Org"), "kudos", "cap 3")
    ben = slack.member("U2", "Ben")
    assert await slack.react(ben, "clap", "m1", author="U1") == []
    assert await slack.react(ben, "clap", "m2", author="U1") == []
    [told] = await slack.react(ben, "clap", "m3", author="U1")
    assert told.audience is Audience.DIRECT and told.recipient_user_id == "U2"
    assert "3 kudos" in told.body
    assert await slack.react(ben, "clap", "m4", author="U1") == []
    assert await slack.react(ben, "clap", "m5", author="U1") == []
    assert await kudos_count(db) == 3


async def test_cap_resets_at_the_givers_local_midnight(make_app, clock, db) -> None:
    # 23:30 in Los Angeles is 07:30 UTC the next day: the UTC date is no guide to the giver's day.
    clock.set(datetime(2026, 11, 24, 7, 30, tzinfo=UTC))
    slack = Community(make_app())
    await slack.command(slack.member("U9", "Org"), "kudos", "cap 2")
    ben = slack.member("U2", "Ben", time_zone="America/Los_Angeles")
    await slack.react(ben, "clap", "m1", author="U1")
    [told] = await slack.react(ben, "clap", "m2", author="U1")
    assert "2 kudos" in told.body
    clock.advance(timedelta(minutes=29))  # 23:59 in Los Angeles: still the same day
    assert await slack.react(ben, "clap", "m3", author="U1") == []
    assert await kudos_count(db) == 2
    clock.advance(timedelta(minutes=2))  # 00:01 in Los Angeles: a new day
    await slack.react(ben, "clap", "m4", author="U1")
    assert await kudos_count(db) == 3
    # A giver in Kolkata (UTC+05:30) had their midnight at 18:30 UTC: counted in their own day.
    asha = slack.member("U5", "Asha", time_zone="Asia/Kolkata")
    clock.set(datetime(2026, 11, 24, 18, 29, tzinfo=UTC))
    await slack.react(asha, "clap", "k1", author="U1")
    await slack.react(asha, "clap", "k2", author="U1")
    assert await slack.react(asha, "clap", "k3", author="U1") == []
    clock.set(datetime(2026, 11, 24, 18, 31, tzinfo=UTC))
    await slack.react(asha, "clap", "k4", author="U1")
    assert len([k for k in await rows(db, Kudos) if k.platform_message_id.startswith("k")]) == 3


async def test_removing_a_kudos_frees_a_place_under_the_cap(make_app, db) -> None:
    slack = Community(make_app())
    await slack.command(slack.member("U9", "Org"), "kudos", "cap 1")
    ben = slack.member("U2", "Ben")
    await slack.react(ben, "clap", "m1", author="U1")
    await slack.react(ben, "clap", "m2", author="U1")
    assert await kudos_count(db) == 1
    await slack.react(ben, "clap", "m1", author="U1", removed=True)
    await slack.react(ben, "clap", "m2", author="U1")
    assert [k.platform_message_id for k in await rows(db, Kudos)] == ["m2"]


async def test_a_reaction_on_the_bots_own_direct_message_credits_nobody(slack: Community, db) -> None:
    """Ana hearts the DM telling her who cheered: the bot wrote it, so nobody is credited."""
    dm = Conversation(channel_id="D0ANA", is_direct=True)
    await slack.app.handle(
        ReactionAdded(
            actor=slack.member("U1", "Ana"),
            conversation=dm,
            emoji="heart",
            message_id="1700.9",
            message_author_id="U0BOT",
            event_id="Ev-dm",
        )
    )
    assert await kudos_count(db) == 0


async def test_the_cap_day_follows_the_clock_on_a_daylight_saving_day(make_app, clock, db) -> None:
    """1 November 2026 lasts 25 hours in New York: from 04:00 UTC to 05:00 UTC the next day."""
    clock.set(datetime(2026, 11, 1, 4, 30, tzinfo=UTC))  # 00:30 EDT
    slack = Community(make_app())
    await slack.command(slack.member("U9", "Org"), "kudos", "cap 1")
    nora = slack.member("U6", "Nora", time_zone="America/New_York")
    await slack.react(nora, "clap", "n1", author="U1")
    clock.set(datetime(2026, 11, 2, 4, 30, tzinfo=UTC))  # 23:30 EST, still 1 November
    await slack.react(nora, "clap", "n2", author="U1")
    assert await kudos_count(db) == 1
    clock.set(datetime(2026, 11, 2, 5, 1, tzinfo=UTC))  # 00:01 EST, 2 November
    await slack.react(nora, "clap", "n3", author="U1")
    assert [k.platform_message_id for k in await rows(db, Kudos)] == ["n1", "n3"]


async def test_the_same_reaction_arriving_at_once_from_several_deliveries_counts_once(
    slack: Community, db
) -> None:
    """Replicas handling retries of one reaction in parallel: the database keeps one kudos."""
    ben = slack.member("U2", "Ben")
    await slack.command(ben, "kudos", "me")  # Ben exists before the race, as a member who has acted
    await asyncio.gather(*(slack.react(ben, "clap", "m1", author="U1") for _ in range(5)))
    assert (await kudos_count(db), await credit_count(db)) == (1, 1)
