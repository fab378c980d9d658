"""Leaderboards (encouragers first, most cheered second), /kudos me, opting out, and tenant isolation."""

from __future__ import annotations

from datetime import timedelta

from tests.kudos.conftest import Community


async def cheer(slack: Community, giver: tuple[str, str], receiver: str, message: str) -> None:
    await slack.react(slack.member(*giver), "clap", message, author=receiver)


async def a_busy_week(slack: Community) -> None:
    """Ana gives 3, Ben 2, Cara 1; Dee receives 4, Ana 2."""
    ana, ben, cara = ("U1", "Ana"), ("U2", "Ben"), ("U3", "Cara")
    await slack.command(slack.member("U4", "Dee"), "journey")
    for n in range(3):
        await cheer(slack, ana, "U4", f"a{n}")
    await cheer(slack, ben, "U4", "b1")
    await cheer(slack, ben, "U1", "b2")
    await cheer(slack, cara, "U1", "c1")


async def test_top_shows_encouragers_first_then_the_most_cheered(slack: Community) -> None:
    await a_busy_week(slack)
    [board] = await slack.command(slack.member("U3", "Cara"), "kudos", "top week")
    body = board.body
    assert body.index("Top encouragers") < body.index("Most cheered")
    givers, cheered = body.split("Most cheered")
    assert givers.index("1. Ana: 3") < givers.index("2. Ben: 2") < givers.index("3. Cara: 1")
    assert cheered.index("1. Dee: 4") < cheered.index("2. Ana: 2")
    assert "You: 1 given, 0 received." in body
    assert board.mentions == frozenset()  # names, never pings


async def test_periods_count_the_past_7_and_30_days_and_all_time(slack: Community, clock) -> None:
    await cheer(slack, ("U1", "Ana"), "U2", "old")
    clock.advance(timedelta(days=10))
    await cheer(slack, ("U3", "Cara"), "U2", "new")
    [week] = await slack.command(slack.member("U2", "Ben"), "kudos", "top")
    assert "Cara: 1" in week.body and "Ana" not in week.body and "the past 7 days" in week.body
    [month] = await slack.command(slack.member("U2", "Ben"), "kudos", "top month")
    assert "Ana: 1" in month.body and "Ben: 2" in month.body
    clock.advance(timedelta(days=25))
    [month] = await slack.command(slack.member("U2", "Ben"), "kudos", "top month")
    assert "Ana" not in month.body and "Cara: 1" in month.body
    [ever] = await slack.command(slack.member("U2", "Ben"), "kudos", "top all")
    assert "Ben: 2" in ever.body and "all time" in ever.body


async def test_a_period_not_understood_is_named(slack: Community) -> None:
    [refused] = await slack.command(slack.member("U2", "Ben"), "kudos", "top fortnight")
    assert "fortnight" in refused.body and "week, month or all" in refused.body


async def test_an_empty_board_invites_the_first_kudos(slack: Community) -> None:
    [empty] = await slack.command(slack.member("U2", "Ben"), "kudos", "top")
    assert "/kudos @member" in empty.body


async def test_members_who_opt_out_are_left_off_the_boards(slack: Community) -> None:
    await a_busy_week(slack)
    [done] = await slack.command(slack.member("U1", "Ana"), "kudos", "leaderboard off")
    assert "no longer shown" in done.body
    [board] = await slack.command(slack.member("U3", "Cara"), "kudos", "top")
    assert "Ana" not in board.body
    assert "1. Ben: 2" in board.body and "1. Dee: 4" in board.body
    [mine] = await slack.command(slack.member("U1", "Ana"), "kudos", "top")
    assert "You: 3 given, 2 received." in mine.body and "not shown" in mine.body
    # Her kudos still reached Dee.
    [dee] = await slack.command(slack.member("U4", "Dee"), "kudos", "me")
    assert "4 received" in dee.body
    await slack.command(slack.member("U1", "Ana"), "kudos", "leaderboard on")
    [board] = await slack.command(slack.member("U3", "Cara"), "kudos", "top")
    assert "1. Ana: 3" in board.body


async def test_me_shows_given_and_received_with_reasons(slack: Community) -> None:
    ana, ben = slack.member("U1", "Ana"), slack.member("U2", "Ben")
    await slack.command(ben, "kudos", "<@U1> for the *mock* interview")
    await slack.react(slack.member("U3", "Cara"), "tada", "m1", author="U1")
    await slack.command(ana, "kudos", "<@U2> right back at you")
    [me] = await slack.command(ana, "kudos", "me")
    assert "1 given and 2 received" in me.body
    assert "from Ben: “for the \\*mock\\* interview”" in me.body
    assert "from Cara: 🎉" in me.body
    assert "to Ben: “right back at you”" in me.body
    [nothing] = await slack.command(slack.member("U7", "New"), "kudos", "me")
    assert "No kudos" in nothing.body


async def test_kudos_and_boards_stay_inside_their_community(app, db) -> None:
    first, second = Community(app, "slack", "T1"), Community(app, "slack", "T2")
    discord = Community(app, "discord", "T1")  # the same external id on another platform
    await first.react(first.member("U2", "Ben"), "clap", "m1", author="U1")
    await first.command(first.member("U2", "Ben"), "kudos", "<@U1> first")
    await second.react(second.member("U3", "Cara"), "clap", "m1", author="U1")
    [board] = await second.command(second.member("U1", "Ana"), "kudos", "top all")
    assert "Cara: 1" in board.body and "Ben" not in board.body and "Ana: 1" in board.body
    [me] = await second.command(second.member("U1", "Ana"), "kudos", "me")
    assert "0 given and 1 received" in me.body and "first" not in me.body
    [empty] = await discord.command(discord.member("U1", "Ana"), "kudos", "top all")
    assert "No kudos" in empty.body
    # Removing in one community never touches another's kudos for the same message id.
    await second.react(second.member("U2", "Ben"), "clap", "m1", author=None, removed=True)
    [board] = await first.command(first.member("U1", "Ana"), "kudos", "top all")
    assert "Ben: 2" in board.body
    # Settings too: a cap or emoji set in one community leaves the other's alone.
    await first.command(first.member("U9", "Org"), "kudos", "emojis 🔥")
    await second.react(second.member("U4", "Dee"), "clap", "m2", author="U1")
    [board] = await second.command(second.member("U1", "Ana"), "kudos", "top all")
    assert "Dee: 1" in board.body


async def test_me_names_a_shout_out_without_a_reason(slack: Community) -> None:
    await slack.command(slack.member("U2", "Ben"), "kudos", "<@U1>")
    [me] = await slack.command(slack.member("U1", "Ana"), "kudos", "me")
    assert "from Ben: a shout-out" in me.body
