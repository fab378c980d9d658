"""Slash-command options come from the core's forms: a field added to a form needs no Discord edit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest

import bot.reflect
import bot.rejected.forms
import bot.rejected.handlers
import bot.router
from bot.events import FormSubmitted
from bot.replies import Choice, FieldKind, Form, FormField
from tests.discord.conftest import MakeClient
from tests.discord.fake_api import FakeDiscordAPI
from tests.discord.gateway import Gateway, click, modal_submit, option, slash
from tests.discord.helpers import ANA, labels_of

EXTRA = (
    FormField(key="recruiter", label="Recruiter", placeholder="Who you dealt with", max_length=80),
    FormField(key="rounds", label="Rounds", kind=FieldKind.NUMBER, min_value=1, max_value=9),
    FormField(
        key="source",
        label="Found through",
        kind=FieldKind.SELECT,
        choices=(Choice("referral", "A referral"), Choice("board", "A job board")),
    ),
)
# Each command, its form's id, and where the core keeps the form's definition.
FORMS = [
    ("rejected", "rejected.log", [(bot.rejected.forms, "log_form"), (bot.rejected.handlers, "log_form")]),
    ("reflect", "reflect.add", [(bot.reflect, "reflect_form")]),
]


def with_extra_fields(definition: Callable[..., Form]) -> Callable[..., Form]:
    def extended(*args: Any, **kwargs: Any) -> Form:
        form = definition(*args, **kwargs)
        return replace(form, fields=(*form.fields, *EXTRA))

    return extended


@pytest.fixture
def submitted(monkeypatch: pytest.MonkeyPatch) -> list[FormSubmitted]:
    """The form submissions the core's router sees."""
    seen: list[FormSubmitted] = []
    resolve = bot.router.Router.resolve

    def spy(self: bot.router.Router, event: Any) -> Any:
        if isinstance(event, FormSubmitted):
            seen.append(event)
        return resolve(self, event)

    monkeypatch.setattr(bot.router.Router, "resolve", spy)
    return seen


@pytest.mark.parametrize(("command", "form_id", "definitions"), FORMS)
async def test_a_field_added_to_a_core_form_becomes_an_option_and_a_modal_field(
    monkeypatch: pytest.MonkeyPatch,
    make_client: MakeClient,
    fake_api: FakeDiscordAPI,
    submitted: list[FormSubmitted],
    command: str,
    form_id: str,
    definitions: list[tuple[Any, str]],
) -> None:
    for module, name in definitions:
        monkeypatch.setattr(module, name, with_extra_fields(getattr(module, name)))
    client = await make_client()

    declared = client.tree.get_command(command)
    assert declared is not None
    options = {o["name"]: o for o in declared.to_dict(client.tree)["options"]}
    assert list(options)[-3:] == ["recruiter", "rounds", "source"]
    assert (options["recruiter"]["type"], options["recruiter"]["max_length"]) == (3, 80)
    assert options["recruiter"]["description"] == "Who you dealt with"
    assert (options["rounds"]["type"], options["rounds"]["min_value"], options["rounds"]["max_value"]) == (
        4,
        1,
        9,
    )
    assert [c["value"] for c in options["source"]["choices"]] == ["referral", "board"]
    assert not any(o.get("required") for o in options.values())

    gateway = Gateway(client)
    first = {"rejected": option("company", "Acme"), "reflect": option("lesson", "Breathe")}[command]
    await gateway.dispatch(
        slash(
            ANA, command, [first, option("recruiter", "Jo"), option("rounds", 3), option("source", "board")]
        )
    )
    values = [event.values for event in submitted if event.form_id == form_id][-1]
    assert {k: values[k] for k in ("recruiter", "rounds", "source")} == {
        "recruiter": "Jo",
        "rounds": "3",
        "source": "board",
    }

    # No options: the core's form, as a modal, page after page.
    await gateway.dispatch(slash(ANA, command))
    answers: dict[str, str | list[str]] = {
        "company": "Acme",
        "lesson": "Ask",
        "recruiter": "Sam",
        "source": ["referral"],
    }
    keys: list[str] = []
    while True:
        modal = fake_api.callbacks()[-1].json
        assert modal["type"] == 9
        page = [label["component"]["custom_id"] for label in labels_of(modal["data"])]
        keys += page
        given = {k: answers[k] for k in page if k in answers}
        await gateway.dispatch(modal_submit(ANA, modal["data"]["custom_id"], given))
        following = [b for b in fake_api.callbacks()[-1].custom_ids() if ":next" in b]
        if not following:
            break
        await gateway.dispatch(click(ANA, following[0], ephemeral=True))
    assert keys[-3:] == ["recruiter", "rounds", "source"]
    last = [event.values for event in submitted if event.form_id == form_id][-1]
    assert (last["recruiter"], last["source"]) == ("Sam", "referral")
