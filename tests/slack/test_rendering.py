"""Replies as Block Kit, and user text that can never ping anyone or break formatting, through every field."""

from __future__ import annotations

import json
import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.slack.blocks import action_id_of, render_message
from adapters.slack.modals import ModalState, modal_view, submitted_values
from adapters.slack.mrkdwn import ZERO_WIDTH_SPACE, to_mrkdwn
from adapters.slack.translate import typed_text
from bot.markup import Markup, escape, mention
from bot.replies import Audience, Button, Choice, FieldKind, Form, FormField, Reply, ReplyField
from tests.slack import payloads as p
from tests.slack.conftest import SlackHarness
from tests.slack.test_journey import button

HOSTILE = "<!channel> <!here> <!everyone> <@U0BEN> <!subteam^S0TEAM> <#C0OTHER> *bold* _it_ ~st~ `code` &amp;"
# Anything Slack would parse as a mention, a broadcast, a channel link or a link, if it reached a message raw.
LIVE_MARKUP = re.compile(r"<[!@#]|<https?:")
FORMATTING = re.compile(r"(?<![\u200b\w])[*_~`]\w")


def strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in strings(v)]
    return []


def outgoing_text(slack: SlackHarness) -> list[str]:
    """Every string the adapter sent Slack to show: messages, blocks, modals, home, response_url posts."""
    shown = []
    for call in slack.api.calls:
        for key in ("text", "blocks", "view"):
            if key in call.args:
                shown += strings(call.args[key])
    return shown


def assert_inert(slack: SlackHarness, deliberate: frozenset[str] = frozenset()) -> None:
    texts = outgoing_text(slack)
    assert texts, "nothing was sent"
    for text in texts:
        live = [m for m in re.findall(r"<[^>]*>", text) if m[1:-1].lstrip("@") not in deliberate]
        assert not live, f"live markup {live} in {text!r}"


# -- the renderer on its own ------------------------------------------------------


def test_mrkdwn_escapes_slack_control_characters_and_keeps_real_mentions() -> None:
    markup = Markup("*Well done* ") + mention("U0ANA") + Markup(", ") + escape(HOSTILE)
    out = to_mrkdwn(markup)
    assert out.startswith(
        "*Well done* <@U0ANA>, &lt;!channel&gt; &lt;!here&gt; &lt;!everyone&gt; &lt;@U0BEN&gt;"
    )
    assert "&amp;amp;" in out  # the member's "&amp;" shows as typed
    assert not LIVE_MARKUP.search(out.replace("<@U0ANA>", ""))
    assert not FORMATTING.search(out.replace("*Well done*", ""))


def test_formatting_characters_in_member_text_stay_literal() -> None:
    out = to_mrkdwn(escape("*not bold* _not italic_ ~not struck~ `not code`"))
    assert out.replace(ZERO_WIDTH_SPACE, "") == "*not bold* _not italic_ ~not struck~ `not code`"
    assert not FORMATTING.search(out)


def test_a_typed_quote_is_not_a_quote_but_ours_is() -> None:
    assert to_mrkdwn(escape("> not a quote")) == ZERO_WIDTH_SPACE + "&gt; not a quote"
    assert to_mrkdwn(Markup("> ") + escape("a quote")) == "> a quote"


def test_only_slack_user_ids_render_as_mentions() -> None:
    assert to_mrkdwn(mention("U0ANA")) == "<@U0ANA>"
    assert to_mrkdwn(mention("ana-maria")) == "@ana-maria"


def test_a_reply_becomes_header_sections_fields_and_buttons_with_a_fallback() -> None:
    reply = Reply(
        audience=Audience.GROUP,
        title="A <b> & title",
        body=Markup("Line *one*\n> quoted"),
        fields=(ReplyField("Company", escape("Acme")), ReplyField("Stage", escape("final round"))),
        buttons=(
            Button(key="a", label="Go", action_id="x.go", value="7", style="primary"),
            Button(key="b", label="Again", action_id="x.go", value="8"),
        ),
    )
    message = render_message(reply)
    blocks = message.blocks
    assert [b["type"] for b in blocks] == ["header", "section", "section", "actions"]
    assert blocks[0]["text"] == {"type": "plain_text", "text": "A &lt;b&gt; &amp; title", "emoji": True}
    assert blocks[1]["text"] == {"type": "mrkdwn", "text": "Line *one*\n> quoted", "verbatim": True}
    assert [f["text"] for f in blocks[2]["fields"]] == ["*Company*\nAcme", "*Stage*\nfinal round"]
    ids = [e["action_id"] for e in blocks[3]["elements"]]
    assert len(set(ids)) == 2 and {action_id_of(i) for i in ids} == {"x.go"}
    assert blocks[3]["elements"][0]["style"] == "primary" and "style" not in blocks[3]["elements"][1]
    assert message.text.startswith("A &lt;b&gt; &amp; title\nLine *one*")


def test_long_bodies_are_split_into_sections_slack_accepts() -> None:
    body = Markup("\n".join(["x" * 1000] * 7))
    sections = render_message(Reply(audience=Audience.PRIVATE, body=body)).blocks
    assert all(len(s["text"]["text"]) <= 3000 for s in sections)
    assert "\n".join(s["text"]["text"] for s in sections) == body  # cut at line ends, nothing lost


def test_a_form_becomes_a_modal_and_its_submission_comes_back_as_field_values() -> None:
    form = Form(
        form_id="f.demo",
        title="A title far longer than Slack allows",
        submit_label="Save",
        context="42",
        fields=(
            FormField(key="name", label="Name", required=True, max_length=50, initial="Ana"),
            FormField(key="story", label="Story", kind=FieldKind.LONG_TEXT),
            FormField(
                key="size",
                label="Size",
                kind=FieldKind.SELECT,
                choices=(Choice("s", "Small"), Choice("l", "Large")),
                initial="l",
            ),
            FormField(
                key="tags",
                label="Tags",
                kind=FieldKind.MULTI_SELECT,
                choices=(Choice("a", "A"), Choice("b", "B"), Choice("c", "C")),
                initial="a,c",
            ),
            FormField(key="day", label="Day", kind=FieldKind.DATE, initial="2026-11-20"),
            FormField(key="count", label="Count", kind=FieldKind.NUMBER, min_value=0, max_value=99),
        ),
    )
    view = modal_view(form, "C0GROUP")
    assert len(view["title"]["text"]) <= 24 and view["title"]["text"].endswith("…")
    elements = {b["block_id"]: b["element"] for b in view["blocks"]}
    assert elements["name"]["initial_value"] == "Ana" and elements["name"]["max_length"] == 50
    assert elements["story"]["multiline"] is True
    assert elements["size"]["initial_option"]["value"] == "l"
    assert elements["tags"]["type"] == "checkboxes"
    assert [o["value"] for o in elements["tags"]["initial_options"]] == ["a", "c"]
    assert elements["day"] == {"type": "datepicker", "initial_date": "2026-11-20", "action_id": "value"}
    assert (elements["count"]["type"], elements["count"]["min_value"], elements["count"]["max_value"]) == (
        "number_input",
        "0",
        "99",
    )
    assert ModalState.decode(view["private_metadata"]) == ModalState("42", "C0GROUP")
    submitted = p.view_submission(
        view,
        {
            "name": p.typed("Bo"),
            "story": p.typed(None),
            "size": p.picked("s"),
            "tags": p.checked("b", "c"),
            "day": p.dated("2026-12-01"),
            "count": {"type": "number_input", "value": "3"},
        },
        trigger_id="t",
    )
    assert submitted_values(submitted["view"]) == {
        "name": "Bo",
        "story": "",
        "size": "s",
        "tags": "b,c",
        "day": "2026-12-01",
        "count": "3",
    }


def test_the_documented_view_submission_decodes_without_our_metadata() -> None:
    view = p.documented("slack_view_submission.json")["view"]
    assert submitted_values(view) == {"hspI": "test"}
    assert ModalState.decode(view["private_metadata"]) == ModalState()


def test_command_text_comes_back_as_typed() -> None:
    assert (
        typed_text("AT&amp;T &lt;3 | see <https://acme.example|acme.example>") == "AT&T <3 | see acme.example"
    )
    assert typed_text("<@U0BEN|ben> thanks") == "<@U0BEN|ben> thanks"


# -- end to end: hostile text through every field ----------------------------------


async def test_hostile_text_through_every_quick_form_field_stays_inert(slack: SlackHarness) -> None:
    slack.api.names["U0ANA"] = "<!channel> Ana"  # a display name is member-chosen text too
    hostile = HOSTILE.replace("|", "/")
    line = (
        f"{hostile} | {hostile} | final round | manager: {hostile} | met: {hostile} | reason: {hostile} | "
        f"feel: 2 | notes: {hostile}"
    )
    await slack.command("/rejected", line)
    await slack.settle()
    answer = slack.api.responses[0]
    share = button(answer["blocks"], "rejected.share")
    await slack.click(share["action_id"], share["value"])
    await slack.settle()
    view = slack.api.to("views.open")[0].args["view"]
    await slack.submit(
        view, {"include": p.checked("company", "role", "stage", "feeling"), "note": p.typed(hostile)}
    )
    await slack.settle()
    [card] = slack.api.to("chat.postMessage")
    assert "&lt;!channel&gt;" in json.dumps(card.args["blocks"])
    assert_inert(slack)


async def test_hostile_text_through_the_modal_and_reflect_stays_inert(slack: SlackHarness) -> None:
    await slack.command("/rejected")
    await slack.settle()
    view = slack.api.to("views.open")[0].args["view"]
    await slack.submit(
        view,
        {
            "company": p.typed(HOSTILE),
            "role": p.typed(HOSTILE),
            "manager": p.typed(HOSTILE),
            "met": p.typed(HOSTILE),
            "reason": p.picked("other"),
            "notes": p.typed(HOSTILE + "\n> " + HOSTILE),
        },
    )
    await slack.command("/reflect", f"lesson {HOSTILE}")
    await slack.command("/reflect", f"plan {HOSTILE}")
    await slack.settle()  # saved before they are listed
    await slack.command("/reflect", "list")
    await slack.command("/bounceback", HOSTILE)
    await slack.command("/journey")
    await slack.event(p.event_envelope(p.home_opened("U0ANA"), event_id="Ev0HOSTILEHOME"))
    await slack.settle()
    assert slack.api.to("views.publish")
    assert_inert(slack)


async def test_a_deliberate_mention_pings_only_who_it_names(slack: SlackHarness) -> None:
    reply = Reply(
        audience=Audience.GROUP,
        channel_id=p.CHANNEL,
        body=Markup("Cheers to ") + mention("U0BEN") + Markup(" from ") + escape("<@U0EVIL> <!here>"),
    )
    await slack.runtime.sender.send("T0BOUNCE", reply)
    assert reply.mentions == {"U0BEN"}
    assert_inert(slack, deliberate=reply.mentions)
    [post] = slack.api.to("chat.postMessage")
    assert "<@U0BEN>" in post.args["text"] and "&lt;@U0EVIL&gt;" in post.args["text"]


async def test_hostile_text_in_a_kudos_reason_stays_inert(slack: SlackHarness) -> None:
    slack.api.names.update(U0ANA="Ana", U0BEN="<!here> Ben")
    await slack.command("/kudos", f"<@U0BEN|ben> {HOSTILE}")
    await slack.settle()
    assert_inert(slack, deliberate=frozenset({"U0ANA", "U0BEN"}))


def test_a_modal_opened_from_the_home_remembers_it() -> None:
    form = Form(form_id="f", title="T", submit_label="S", fields=(FormField(key="a", label="A"),))
    view = modal_view(form, None, from_home=True)
    assert ModalState.decode(view["private_metadata"]) == ModalState("", None, from_home=True)


# Slack's documented limits, as a member's words meet them in a modal.
long_words = st.text(min_size=1, max_size=3000) | st.just("&" * 2500) | st.just("<@U0> " * 400)


@settings(max_examples=60, deadline=None)
@given(title=long_words, label=long_words, placeholder=long_words, choice=long_words, value=long_words)
def test_a_members_long_words_shorten_a_modal_and_never_break_it(
    title: str, label: str, placeholder: str, choice: str, value: str
) -> None:
    choices = tuple(Choice(f"{value}{i}", f"{choice}{i}") for i in range(150))
    form = Form(
        form_id="f",
        title=title,
        submit_label=title,
        fields=(
            FormField(key="text", label=label, placeholder=placeholder, initial=value, max_length=9000),
            FormField(key="one", label=label, kind=FieldKind.SELECT, choices=choices, placeholder=label),
            FormField(key="many", label=label, kind=FieldKind.MULTI_SELECT, choices=choices[:12]),
            FormField(key="day", label=label, kind=FieldKind.DATE, initial=f"{value} days"),
        ),
    )
    view = modal_view(form, "C0GROUP")
    assert len(view["title"]["text"]) <= 24 and len(view["submit"]["text"]) <= 24
    text, one, many, day = view["blocks"]
    assert all(len(block["label"]["text"]) <= 2000 for block in view["blocks"])
    assert len(text["element"]["placeholder"]["text"]) <= 150 and text["element"]["max_length"] == 3000
    assert len(one["element"]["options"]) == 100
    assert all(len(o["text"]["text"]) <= 75 and len(o["value"]) <= 150 for o in one["element"]["options"])
    assert many["element"]["type"] == "multi_static_select"
    assert "initial_date" not in day["element"]  # not a date: the picker starts empty


def test_a_date_field_starts_on_its_date() -> None:
    form = Form(
        form_id="f",
        title="T",
        submit_label="S",
        fields=(FormField(key="day", label="Day", kind=FieldKind.DATE, initial="2026-02-28"),),
    )
    [block] = modal_view(form, None)["blocks"]
    assert block["element"] == {"type": "datepicker", "initial_date": "2026-02-28", "action_id": "value"}


@settings(max_examples=40, deadline=None)
@given(title=long_words, words=long_words)
def test_a_members_long_words_shorten_a_message_and_never_break_it(title: str, words: str) -> None:
    reply = Reply(
        audience=Audience.GROUP,
        title=title,
        body=escape(words),
        fields=tuple(ReplyField(f"{title}{i}", escape(words)) for i in range(12)),
        buttons=tuple(Button(key=f"b{i}", label=words, action_id="x.go", value=words) for i in range(30)),
    )
    message = render_message(reply)
    header, *_, actions = message.blocks
    assert len(header["text"]["text"]) <= 150 and len(message.blocks) <= 50
    sections = [b["text"]["text"] for b in message.blocks if b["type"] == "section" and "text" in b]
    assert all(len(text) <= 3000 for text in sections)
    assert len(actions["elements"]) == 25
    assert all(len(e["text"]["text"]) <= 75 and len(e["value"]) <= 2000 for e in actions["elements"])
