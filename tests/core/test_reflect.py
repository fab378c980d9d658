"""/reflect: lessons and the development plan, one line or through the form, and from a rejection."""

from __future__ import annotations

from bot.db.models import Lesson, PlanItem, Rejection
from tests.core.helpers import answer_form, count, last, rows, text_of


async def test_lessons_and_plan_in_one_line(console, db) -> None:
    await console.send("/reflect lesson Practise the STAR format")
    await console.send("/reflect plan mock: two mock interviews a week")
    await console.send("/reflect plan Finish the SQL course")
    out = text_of(await console.send("/reflect list"))
    assert "Practise the STAR format" in out and "two mock interviews a week" in out
    items = await rows(db, PlanItem)
    assert [(i.kind, i.text) for i in items] == [
        ("interview_practice", "two mock interviews a week"),
        ("training", "Finish the SQL course"),
    ]
    out = text_of(await console.send(f"/reflect done {items[0].id}"))
    assert "two mock interviews" in out
    assert "two mock interviews" not in text_of(await console.send("/reflect list"))
    assert "already finished" in text_of(await console.send(f"/reflect done {items[0].id}"))


async def test_reflect_button_links_the_lesson_to_the_rejection(console, db) -> None:
    await console.send("/rejected Acme")
    await console.send(f"/click {last(console).message_id} reflect")
    await answer_form(console, "I rambled on the salary question", "Practise salary answers", "3")
    [rejection] = await rows(db, Rejection)
    [lesson] = await rows(db, Lesson)
    [item] = await rows(db, PlanItem)
    assert lesson.rejection_id == rejection.id and item.rejection_id == rejection.id
    assert item.kind == "interview_practice"


async def test_bad_reflect_input_is_explained(console, db) -> None:
    assert "/reflect lesson TEXT" in text_of(await console.send("/reflect sing"))
    assert "the lesson" in text_of(await console.send("/reflect lesson   "))
    assert "/reflect done 3" in text_of(await console.send("/reflect done soon"))
    assert "can't find plan step #999" in text_of(await console.send("/reflect done 999"))
    assert "5000 characters" in text_of(await console.send("/reflect lesson " + "x" * 5000))
    await console.send("/reflect")
    assert "Write a lesson" in text_of(await answer_form(console, "", "", ""))
    assert await count(db, Lesson) == 0 and await count(db, PlanItem) == 0
