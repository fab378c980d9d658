"""The neutral markup: user text always comes back literally, never as markup or a mention."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.markup import Markup, Mention, Text, clean_text, escape, mention, parse, plain_text


def literal(markup: str) -> str:
    return "\n".join("".join(s.text for s in line.spans if isinstance(s, Text)) for line in parse(markup))


@given(st.text())
def test_escaped_text_parses_back_to_itself(text: str) -> None:
    markup = escape(text)
    lines = parse(markup)
    assert not any(isinstance(s, Mention) for line in lines for s in line.spans)
    assert not any(line.quote for line in lines)
    assert not any(s.bold or s.italic for line in lines for s in line.spans if isinstance(s, Text))
    assert literal(markup) == clean_text(text)


ONE_LINE = st.text(min_size=1).filter(lambda t: "\n" not in clean_text(t) and clean_text(t))


@given(ONE_LINE, ONE_LINE)
def test_user_text_inside_a_template_keeps_the_template_styling(before: str, user: str) -> None:
    markup = Markup(f"*{escape(before)}* and _{escape(user)}_")
    assert literal(markup) == f"{clean_text(before)} and {clean_text(user)}"


def test_styles_quotes_and_mentions() -> None:
    [line] = parse("*Hi* <@U1>, _really_")
    assert line.spans == (
        Text("Hi", bold=True),
        Text(" "),
        Mention("U1"),
        Text(", "),
        Text("really", italic=True),
    )
    assert parse("> quoted")[0].quote
    assert plain_text(Markup("*a* <@U1>")) == "a @U1"


def test_unclosed_markers_are_literal() -> None:
    assert literal("2 * 3 = 6") == "2 * 3 = 6"
    assert literal("snake_case") == "snake_case"


def test_mention_accepts_only_ids() -> None:
    assert mention("U123") == "<@U123>"
    for bad in ("everyone>", "U1> <!channel", ""):
        try:
            mention(bad)
        except ValueError:
            continue
        raise AssertionError(f"accepted {bad!r}")


def test_control_and_bidi_override_characters_are_dropped() -> None:
    assert clean_text("a\x00b\x1bc\u202ed\r\ne") == "abcd\ne"
    assert clean_text("שלום") == "שלום"
