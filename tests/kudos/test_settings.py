"""Organisers choose the kudos emojis and the daily cap; members can see them but not change them."""

from __future__ import annotations

from tests.kudos.conftest import Community, NobodyOrganises, kudos_count


async def test_anyone_sees_the_emojis_and_the_cap(make_app) -> None:
    slack = Community(make_app(roles=NobodyOrganises()))
    [emojis] = await slack.command(slack.member("U2"), "kudos", "emojis")
    assert "👏 🙌 💪 ❤️ 🎉" in emojis.body
    [cap] = await slack.command(slack.member("U2"), "kudos", "cap")
    assert "10 kudos a day" in cap.body


async def test_only_organisers_change_them(make_app, db) -> None:
    slack = Community(make_app(roles=NobodyOrganises()))
    [refused] = await slack.command(slack.member("U2"), "kudos", "emojis 🔥")
    assert "organisers" in refused.body
    [refused] = await slack.command(slack.member("U2"), "kudos", "cap 50")
    assert "organisers" in refused.body
    await slack.react(slack.member("U2"), "fire", "m1", author="U1")
    assert await kudos_count(db) == 0


async def test_organisers_set_add_remove_and_reset_emojis(slack: Community, db) -> None:
    org = slack.member("U9", "Org")
    [done] = await slack.command(org, "kudos", "emojis :fire:, 🚀 star-struck")
    assert "🔥 🚀 🤩" in done.body
    await slack.react(slack.member("U2"), "clap", "m1", author="U1")
    assert await kudos_count(db) == 0  # no longer a kudos emoji here
    await slack.react(slack.member("U2"), "rocket", "m1", author="U1")
    assert await kudos_count(db) == 1
    [done] = await slack.command(org, "kudos", "emojis add clap fire")
    assert done.body.count("🔥") == 1 and "👏" in done.body  # no duplicates
    [done] = await slack.command(org, "kudos", "emojis remove 🚀 :star-struck:")
    assert "🚀" not in done.body and "🤩" not in done.body
    [done] = await slack.command(org, "kudos", "emojis reset")
    assert "👏 🙌 💪 ❤️ 🎉" in done.body


async def test_bad_emoji_settings_are_refused_naming_the_problem(slack: Community) -> None:
    org = slack.member("U9", "Org")
    [refused] = await slack.command(org, "kudos", "emojis clap not-an-emoji!")
    assert "“not-an-emoji!”" in refused.body
    [refused] = await slack.command(org, "kudos", "emojis remove clap raised_hands muscle heart tada")
    assert "at least one emoji" in refused.body
    many = "🍎 🍐 🍊 🍋 🍌 🍉 🍇 🍓 🫐 🍈 🍒 🍑 🥭 🍍 🥥 🥝 🍅 🫒 🥑 🍆 🥔"
    [refused] = await slack.command(org, "kudos", f"emojis {many}")
    assert "keep it to 20" in refused.body
    [emojis] = await slack.command(org, "kudos", "emojis")
    assert "👏 🙌 💪 ❤️ 🎉" in emojis.body  # nothing changed


async def test_cap_must_be_a_sensible_whole_number(slack: Community) -> None:
    org = slack.member("U9", "Org")
    for given in ("0", "-3", "ten", "101", "2.5"):
        [refused] = await slack.command(org, "kudos", f"cap {given}")
        assert "1 to 100" in refused.body, given
    [done] = await slack.command(org, "kudos", "cap 25")
    assert "25 kudos a day" in done.body
