"""What the Discord adapter remembers in memory is bounded, and full, it forgets the least recent first."""

from __future__ import annotations

from adapters.discord.dedupe import RecentIds
from adapters.discord.forms import OpenForms
from bot.replies import Form


def test_recent_ids_keep_the_id_seen_again_when_full() -> None:
    recent = RecentIds(limit=2)
    assert recent.first_time("a") and recent.first_time("b")
    assert not recent.first_time("a")  # a repeat, and now the most recent
    assert recent.first_time("c")  # full: b, the least recent, is forgotten
    assert not recent.first_time("a") and not recent.first_time("c")
    assert recent.first_time("b")


def test_open_forms_are_bounded_and_the_one_in_use_stays() -> None:
    forms = OpenForms(limit=2)
    form = Form(form_id="f", title="F", submit_label="Go", fields=())
    first, second = forms.open(form, "g1"), forms.open(form, "g1")
    assert forms.get(first) is not None  # in use again
    third = forms.open(form, "g1")
    assert forms.get(first) is not None and forms.get(third) is not None
    assert forms.get(second) is None
    forms.close(first)
    assert forms.get(first) is None
