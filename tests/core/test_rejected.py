"""/rejected end to end through the console gateway, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from adapters.console.gateway import ConsoleGateway
from bot.copy import load_catalog
from bot.db.models import PostedMessage, ReconnectReminder, Rejection
from bot.events import Actor, CommandInvoked, Conversation
from bot.markup import plain_text
from bot.replies import Audience
from tests.core.helpers import answer_form, count, last, rows, text_of

QUICK = (
    "/rejected Acme Corp | Data Analyst | final round | manager: Jane Doe | met: Bob, Sue"
    " | reason: internal | feel: 2"
)


async def test_quick_form_saves_every_field(console: ConsoleGateway, db) -> None:
    await console.send(QUICK + " | on: 2026-11-20 | notes: asked about SQL")
    [saved] = await rows(db, Rejection)
    assert (saved.company, saved.role, saved.stage) == ("Acme Corp", "Data Analyst", "final_round")
    assert (saved.hiring_manager, saved.people_met, saved.reason) == (
        "Jane Doe",
        "Bob, Sue",
        "internal_candidate",
    )
    assert (saved.feeling, saved.rejected_on, saved.notes) == (2, date(2026, 11, 20), "asked about SQL")
    assert saved.shared is False


async def test_answer_follows_the_guidance(console: ConsoleGateway) -> None:
    await console.send(QUICK)
    reply = last(console).reply
    assert reply.audience is Audience.PRIVATE
    text = plain_text(reply.body)
    # The draft reply names the manager, the role, the company and the people met.
    assert "Jane," in text and "Data Analyst" in text and "Acme Corp" in text and "Bob and Sue" in text
    # The reason they gave leads the non-personal reasons; the others follow.
    given = text.index("internal")
    assert given < text.index("hiring freeze") and given < text.index("couldn't agree")
    # Feedback request, learning prompt, and the three actions.
    assert "feedback" in text
    assert [b.key for b in reply.buttons] == ["share", "reflect", "remind"]


async def test_answer_reads_naturally_without_details(console: ConsoleGateway) -> None:
    await console.send("/rejected Globex")
    text = plain_text(last(console).reply.body)
    assert "Globex" in text
    assert "None" not in text and "{" not in text
    assert "Hello," in text or "Hi there," in text
    assert "first rejection" in text or "First one" in text


async def test_repeated_final_rounds_are_named_as_strength(console: ConsoleGateway) -> None:
    await console.send("/rejected Initech | | final round")
    await console.send("/rejected Umbrella | | onsite")
    text = plain_text(last(console).reply.body)
    assert "2 final rounds" in text or "Final rounds reached so far: 2" in text


async def test_each_answer_counts_only_the_stages_it_names(console: ConsoleGateway) -> None:
    for line in ("Aco | | applied", "Bco | | screening", "Cco | | interview", "Dco | | final round"):
        await console.send(f"/rejected {line}")
    await console.send("/rejected Eco | | assessment")  # assessments and later: Cco, Dco and this one
    text = plain_text(last(console).reply.body)
    assert "interview stage 3 times" in text or "Interviews so far: 3" in text
    await console.send("/rejected Fco | | applied")  # every one of them
    text = plain_text(last(console).reply.body)
    assert "6 rejections logged" in text or "6 logged so far" in text
    await console.send("/rejected Gco | | final round")  # final rounds and offers only: Dco and this one
    text = plain_text(last(console).reply.body)
    assert "2 final rounds" in text or "Final rounds reached so far: 2" in text


async def test_guided_form_asks_field_by_field(console: ConsoleGateway, db) -> None:
    out = await console.send("/rejected")
    assert "Log a rejection" in text_of(out)
    await answer_form(console, "Hooli", "Engineer", "5", "yesterday", "", "", "4", "2", "")
    [saved] = await rows(db, Rejection)
    assert (saved.company, saved.role, saved.stage, saved.reason, saved.feeling) == (
        "Hooli",
        "Engineer",
        "final_round",
        "hiring_freeze",
        2,
    )
    assert saved.rejected_on == date(2026, 11, 22)


async def test_guided_form_reasks_only_the_field_in_error(console: ConsoleGateway, db) -> None:
    await console.send("/rejected")
    out = await answer_form(console, "Hooli", "", "", "next year maybe", "", "", "", "", "")
    assert "couldn't read" in text_of(out)
    assert await count(db, Rejection) == 0
    out = await console.send("2026-11-01")  # only the date is asked again
    assert "SORRY ABOUT HOOLI" in text_of(out)
    [saved] = await rows(db, Rejection)
    assert saved.rejected_on == date(2026, 11, 1)


async def test_share_posts_only_what_was_chosen(console: ConsoleGateway, db) -> None:
    await console.send(QUICK)
    answer_id = last(console).message_id
    await console.send(f"/click {answer_id} share")
    out = await answer_form(console, "1,3", "Onwards, two more applications out today")
    card = last(console)
    assert card.reply.audience is Audience.GROUP and card.where == "#group"
    assert "Acme Corp" in card.text and "Final round" in card.text and "Onwards" in card.text
    assert "Data Analyst" not in card.text and "Jane" not in card.text and "Pretty rough" not in card.text
    assert "Shared with the group" in text_of(out) or "Posted to the group" in text_of(out)
    [posted] = await rows(db, PostedMessage)
    [saved] = await rows(db, Rejection)
    assert (posted.kind, posted.platform_message_id, posted.subject_id) == (
        "rejection_card",
        card.message_id,
        saved.id,
    )
    assert saved.shared is True


async def test_sharing_twice_posts_once(console: ConsoleGateway, db) -> None:
    await console.send("/rejected Acme")
    answer_id = last(console).message_id
    await console.send(f"/click {answer_id} share")
    await answer_form(console, "", "")
    out = await console.send(f"/click {answer_id} share")
    assert "already" in text_of(out)
    assert await count(db, PostedMessage) == 1


async def test_nobody_else_can_share_my_rejection(console: ConsoleGateway, db) -> None:
    await console.send("/rejected Acme")
    answer_id = last(console).message_id
    await console.send("/as Mallory")
    out = await console.send(f"/click {answer_id} share")
    assert "can't find that rejection" in text_of(out)
    assert await count(db, PostedMessage) == 0


async def test_remind_me_to_reconnect_stores_the_reminder(console: ConsoleGateway, db) -> None:
    await console.send("/rejected Acme")
    await console.send(f"/click {last(console).message_id} remind")
    out = await answer_form(console, "4")
    [reminder] = await rows(db, ReconnectReminder)
    assert reminder.due_on == date(2026, 12, 21)
    assert "2026-12-21" in text_of(out)


async def test_bad_input_names_the_problem_and_saves_nothing(console: ConsoleGateway, db) -> None:
    await console.send("/rejected Keep Me")
    cases = {
        "/rejected |Analyst": "company",
        "/rejected    ": None,  # blank text opens the guided form instead
        "/rejected " + "A" * 10_000: "10000 characters",
        "/rejected Acme | | stage: astronaut": "astronaut",
        "/rejected Acme | on: 2030-01-01": "future",
        "/rejected Acme | feel: 9": "1 (crushed) to 5",
    }
    for line, expected in cases.items():
        out = text_of(await console.send(line))
        if expected is None:
            assert "Log a rejection" in out
            await console.send("/cancel")
        else:
            assert expected in out, (line[:40], out)
            assert "Traceback" not in out
    assert [r.company for r in await rows(db, Rejection)] == ["Keep Me"]


def _says(text: str, key: str, **params: object) -> bool:
    """Whether ``text`` holds one of the phrasings of ``key`` (the voice picks one at random)."""
    return any(phrasing.format(**params) in text for phrasing in load_catalog("en").phrasings(key))


async def test_the_record_counts_only_this_members_earlier_rejections(make_app) -> None:
    """The counts are this member's rejections in this community, the new one included."""
    app = make_app()

    async def log(workspace: str, user: str, stage: str, n: int) -> str:
        actor = Actor(platform="slack", workspace_id=workspace, user_id=user, display_name=user)
        [reply] = await app.handle(
            CommandInvoked(
                actor=actor,
                conversation=Conversation(channel_id="C1"),
                command="rejected",
                text=f"Company {n} | | {stage}",
                event_id=f"{workspace}-{user}-{n}",
            )
        )
        return plain_text(reply.body)

    steps = [
        ("applied", "rejected.context.first", {}),
        ("screening", "rejected.context.in_the_game", {"count": 2}),
        ("interview", "rejected.context.interview", {}),
        ("take-home", "rejected.context.interviews_again", {"count": 2}),
        ("final round", "rejected.context.final_first", {}),
        ("offer", "rejected.context.finals_again", {"count": 2}),
        ("applied", "rejected.context.persistence", {"count": 7}),
    ]
    for n, (stage, key, params) in enumerate(steps):
        assert _says(await log("T1", "U1", stage, n), key, **params), (stage, key)
    # Another member of the same community, and the same user id in another community, start afresh.
    assert _says(await log("T1", "U2", "applied", 0), "rejected.context.first")
    assert _says(await log("T2", "U1", "offer", 0), "rejected.context.final_first")
    assert _says(await log("T2", "U1", "applied", 1), "rejected.context.in_the_game", count=2)
