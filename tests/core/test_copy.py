"""Copy: every key the code says exists, placeholders agree across phrasings, moments vary."""

from __future__ import annotations

import random
import re
import string
from pathlib import Path

import pytest

from bot.copy import Catalog, CopyError, Voice, load_catalog
from bot.markup import Markup, escape

ROOT = Path(__file__).resolve().parents[2]
# Copy keys are always namespaced ("rejected.title"), which tells them from SQL labels and the like.
LITERAL_KEY = re.compile(r"""\.(?:say|label)\(\s*["']([a-z_][a-z0-9_]*\.[a-z0-9_.]+)["']""")


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_literal_key_in_the_code_exists() -> None:
    catalog = load_catalog("en")
    missing = []
    for path in [*ROOT.glob("bot/**/*.py"), *ROOT.glob("adapters/**/*.py")]:
        for key in LITERAL_KEY.findall(path.read_text(encoding="utf-8")):
            if key not in catalog.known_keys():
                missing.append(f"{path.relative_to(ROOT)}: {key}")
    assert not missing


def test_phrasings_of_one_key_use_the_same_placeholders() -> None:
    catalog = load_catalog("en")
    for key in catalog.known_keys():
        variants = {frozenset(placeholders(p)) for p in catalog.phrasings(key)}
        assert len(variants) == 1, key


def test_placeholders_are_plain_names() -> None:
    """Voice.say escapes values before str.format fills them in, so a format spec would see text."""
    catalog = load_catalog("en")
    for key in catalog.known_keys():
        for phrasing in catalog.phrasings(key):
            for _, name, spec, conversion in string.Formatter().parse(phrasing):
                assert name is None or (name.isidentifier() and not spec and not conversion), key


def test_values_are_escaped_and_markup_is_kept() -> None:
    catalog = Catalog.from_toml('a = "{who} said {what}"\n')
    voice = Voice(catalog, random.Random(1))
    said = voice.say("a", who="<!channel> & co", what=Markup("*hi*"))
    assert said == f"{escape('<!channel> & co')} said *hi*"


def test_the_big_moments_have_several_phrasings() -> None:
    catalog = load_catalog("en")
    for key in (
        "rejected.sting.default",
        "rejected.sting.hard",
        "rejected.context.first",
        "reply_draft.thanks",
        "rejected.card.headline",
        "journey.encourage",
        "errors.internal",
    ):
        assert len(catalog.phrasings(key)) >= 2, key


def test_a_key_defined_twice_is_an_error() -> None:
    with pytest.raises(CopyError, match="defined twice"):
        Catalog.from_toml('[a]\nb = "x"\n', '[a]\nb = "y"\n')
