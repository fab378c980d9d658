"""``/kudos @member why``: a shout-out pinging only the receiver, a private confirmation, refusals."""

from __future__ import annotations

import pytest

from bot.kudos.models import Kudos
from bot.markup import Mention, parse
from bot.replies import Audience
from tests.core.helpers import rows
from tests.kudos.conftest import Community, kudos_count, received_by


async def test_a_shout_out_mentions_only_the_receiver_and_confirms_privately(slack: Community, db) -> None:
    ben = slack.member("U2", "Ben")
    confirm, shout = await slack.command(
        ben, "kudos", "<@U1|ana> for the referral <@U3> <!channel> *wow* @here"
    )
    assert confirm.audience is Audience.PRIVATE and " 9 " in confirm.body  # kudos left today
    assert shout.audience is Audience.GROUP and shout.channel_id == "C-group"
    assert shout.mentions == frozenset({"U1"})
    spans = [s for line in parse(shout.body) for s in line.spans]
    text = "".join(getattr(s, "text", "") for s in spans)
    assert "<@U3> <!channel> *wow* @here" in text  # shown literally, never as markup
    assert [s.user_id for s in spans if isinstance(s, Mention)] == ["U1"]
    assert "Ben" in text
    assert shout.record is not None and shout.record.kind == "kudos_shoutout"
    assert shout.record.subject_user_id == "U1"
    [kudos] = await rows(db, Kudos)
    assert kudos.source == "command" and kudos.reason == "for the referral <@U3> <!channel> *wow* @here"


async def test_a_reason_is_optional(slack: Community) -> None:
    _, shout = await slack.command(slack.member("U2", "Ben"), "kudos", "<@U1>")
    assert shout.mentions == frozenset({"U1"})


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("@everyone great week", "@everyone"),
        ("@here great week", "@here"),
        ("<!channel> great week", "@everyone"),
        ("<!here|here> great week", "@everyone"),
        ("<!subteam^S123|@design> thanks", "not a group"),
        ("<@&785609923542777878> thanks", "not a group"),
        ("<#C123|general> thanks", "That's a channel"),
        ("great week", "couldn't find a member"),
        ("", "Give someone kudos"),
    ],
)
async def test_anything_but_one_member_is_refused_with_a_reason(slack: Community, db, text, words) -> None:
    [refused] = await slack.command(slack.member("U2", "Ben"), "kudos", text)
    assert refused.audience is Audience.PRIVATE and words in refused.body
    assert await kudos_count(db) == 0


async def test_you_cannot_give_yourself_kudos(slack: Community, db) -> None:
    [refused] = await slack.command(slack.member("U2", "Ben"), "kudos", "<@U2> me!")
    assert "yourself" in refused.body
    assert await kudos_count(db) == 0


async def test_a_typed_name_finds_a_known_member_or_says_how_to_mention(slack: Community, db) -> None:
    await slack.command(slack.member("U1", "Ana"), "journey")
    _, shout = await slack.command(slack.member("U2", "Ben"), "kudos", "@ana nice one")
    assert shout.mentions == frozenset({"U1"})
    [refused] = await slack.command(slack.member("U2", "Ben"), "kudos", "@zed nice one")
    assert "anyone called “zed”" in refused.body


async def test_discord_mentions_in_both_forms(app, db) -> None:
    discord = Community(app, "discord", "G1")
    ben = discord.member("22", "Ben")
    _, first = await discord.command(ben, "kudos", "<@167348773423415296> thanks")
    _, second = await discord.command(ben, "kudos", "<@!167348773423415296> thanks again")
    assert first.mentions == second.mentions == frozenset({"167348773423415296"})
    assert await kudos_count(db) == 2


async def test_a_shout_out_from_a_dm_goes_to_the_group_channel(slack: Community) -> None:
    await slack.command(slack.member("U9", "Org"), "bounceback", "channel")
    _, shout = await slack.command(slack.member("U2", "Ben"), "kudos", "<@U1> yes", direct=True)
    assert shout.channel_id == "C-group"


async def test_a_shout_out_from_a_dm_without_a_group_channel_is_refused(slack: Community, db) -> None:
    [refused] = await slack.command(slack.member("U2", "Ben"), "kudos", "<@U1> yes", direct=True)
    assert "no group channel" in refused.body
    assert await kudos_count(db) == 0


async def test_shout_outs_count_towards_the_cap(slack: Community, db) -> None:
    await slack.command(slack.member("U9", "Org"), "kudos", "cap 2")
    ben = slack.member("U2", "Ben")
    await slack.react(ben, "clap", "m1", author="U1")
    confirm, _ = await slack.command(ben, "kudos", "<@U1> again")
    assert "last kudos for today" in confirm.body
    [refused] = await slack.command(ben, "kudos", "<@U3> and you")
    assert "daily limit" in refused.body
    assert await kudos_count(db) == 2


async def test_a_reason_too_long_is_refused_naming_the_limit(slack: Community, db) -> None:
    [refused] = await slack.command(slack.member("U2", "Ben"), "kudos", "<@U1> " + "so good " * 60)
    assert "300" in refused.body
    assert await kudos_count(db) == 0


async def test_reactions_on_a_shout_out_credit_its_receiver(slack: Community, db) -> None:
    _, shout = await slack.command(slack.member("U2", "Ben"), "kudos", "<@U1> for the intro")
    assert shout.record is not None
    await slack.app.record_post("slack", "T1", shout.record, "C-group", "1700.5")
    await slack.react(slack.member("U3", "Cara"), "clap", "1700.5", author="BOT")
    assert await kudos_count(db) == 2
    assert await received_by(db, "U1") == 2
    assert await received_by(db, "BOT") == 0
