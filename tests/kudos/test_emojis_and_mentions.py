"""Reading emojis in every spelling, and member references in every platform's form."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.console.gateway import user_id_for
from bot.errors import UserError
from bot.kudos.emojis import configured_emojis, kudos_emoji, read_emoji
from bot.kudos.settings import DEFAULT_KUDOS_EMOJIS, KudosSettings
from bot.mentions import MemberReference, console_user_id, split_member_reference


@pytest.mark.parametrize(
    "spelling",
    ["clap", ":clap:", "clap::skin-tone-2", "clap::skin-tone-6", "👏", "👏🏻", "👏🏿", "CLAP"],
)
def test_every_spelling_of_clap_is_the_same_emoji(spelling: str) -> None:
    found = read_emoji(spelling)
    assert found is not None and found.key == "u:👏"


@pytest.mark.parametrize(
    ("slack", "discord"),
    [
        ("raised_hands", "🙌🏽"),
        ("muscle", "💪🏾"),
        ("heart", "❤️"),
        ("heart", "❤"),
        ("tada", "🎉"),
        ("+1", "👍"),
    ],
)
def test_slack_names_and_discord_characters_meet(slack: str, discord: str) -> None:
    assert read_emoji(slack).matches(read_emoji(discord))  # type: ignore[union-attr]


def test_the_defaults_count_on_both_platforms() -> None:
    assert len(configured_emojis(KudosSettings())) == len(DEFAULT_KUDOS_EMOJIS)
    slack_names = ("clap", "raised_hands::skin-tone-3", "muscle", "heart", "tada")
    for reacted in (*slack_names, "👏🏼", "🙌", "💪", "❤️", "🎉"):
        assert kudos_emoji(KudosSettings(), reacted) is not None, reacted
    for reacted in ("eyes", "👀", "thinking_face", "partyblob", ""):
        assert kudos_emoji(KudosSettings(), reacted) is None, reacted


def test_server_and_workspace_emojis_are_known_by_id_and_name() -> None:
    custom = read_emoji("<:partyblob:123456789012345678>")
    animated = read_emoji("<a:partyblob:123456789012345678>")
    assert custom is not None and animated is not None and custom.key == animated.key
    assert custom.display == ":partyblob:"
    assert custom.matches(read_emoji("partyblob"))  # type: ignore[arg-type]
    # Names are unique within a server, so matching by name is safe; ids still keep them apart when stored.
    assert custom.key != read_emoji("<:partyblob:999999999999999999>").key  # type: ignore[union-attr]
    assert read_emoji("partyparrot").key == "name:partyparrot"  # type: ignore[union-attr]


@pytest.mark.parametrize("text", ["", "   ", "hello world", "<@U123>", "12345 6", "not!an:emoji"])
def test_what_is_not_an_emoji(text: str) -> None:
    assert read_emoji(text) is None


@given(st.text(max_size=30))
def test_reading_any_text_never_fails(text: str) -> None:
    read_emoji(text)


@pytest.mark.parametrize(
    ("platform", "text", "reference", "rest"),
    [
        ("slack", "<@U123ABC456> thanks for that", MemberReference("U123ABC456"), "thanks for that"),
        ("slack", "<@U123ABC456|ana> thanks", MemberReference("U123ABC456", "ana"), "thanks"),
        ("discord", "<@167348773423415296> gg", MemberReference("167348773423415296"), "gg"),
        ("discord", "<@!167348773423415296> gg", MemberReference("167348773423415296"), "gg"),
        ("discord", "<@167348773423415296>", MemberReference("167348773423415296"), ""),
        ("console", "@Ana well done", MemberReference("ana", "Ana"), "well done"),
        ("slack", "@ana well done", MemberReference(None, "ana"), "well done"),
    ],
)
def test_member_references_on_every_platform(platform, text, reference, rest) -> None:
    assert split_member_reference(text, platform) == (reference, rest)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("@everyone hi", "mentions.broadcast"),
        ("@here hi", "mentions.broadcast"),
        ("@channel hi", "mentions.broadcast"),
        ("@Everyone hi", "mentions.broadcast"),
        ("<!everyone> hi", "mentions.broadcast"),
        ("<!here|@here> hi", "mentions.broadcast"),
        ("<!subteam^S123|@team> hi", "mentions.group"),
        ("<@&785609923542777878> hi", "mentions.group"),
        ("<#C123> hi", "mentions.channel"),
        ("hello there", "mentions.not_a_member"),
        ("", "mentions.missing"),
    ],
)
def test_anything_reaching_more_than_one_member_is_refused(text: str, key: str) -> None:
    for platform in ("slack", "discord", "console"):
        with pytest.raises(UserError) as refused:
            split_member_reference(text, platform)
        assert refused.value.key == key


@given(st.text(min_size=1, max_size=40))
def test_console_ids_agree_with_the_console_gateway(name: str) -> None:
    assert console_user_id(name) == user_id_for(name)


@given(st.text(max_size=80))
def test_any_text_is_a_reference_or_a_friendly_refusal(text: str) -> None:
    try:
        split_member_reference(text, "slack")
    except UserError as refused:
        assert refused.key.startswith("mentions.")
