"""Every sentence the bot says, loaded from the TOML files beside this module.

Each language is a folder (``en/``) of files, one per feature, merged into one
catalogue; a key defined twice is an error.

A key maps to one phrasing or to several; :class:`Voice` picks one with the
event's own random generator, so the bot doesn't sound canned and tests stay
repeatable. Placeholders are ``{name}``; values are escaped as user text
unless they are already :class:`~bot.markup.Markup`.
"""

from __future__ import annotations

import random
import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

from bot.markup import Markup, escape


class CopyError(LookupError):
    pass


def _escaped(value: Any) -> str:
    return value if isinstance(value, Markup) else escape(format(value))


class Catalog:
    """The loaded phrasings of one language."""

    def __init__(self, entries: Mapping[str, tuple[str, ...]]) -> None:
        self._entries = dict(entries)

    @classmethod
    def from_toml(cls, *texts: str) -> Catalog:
        entries: dict[str, tuple[str, ...]] = {}

        def walk(prefix: str, node: Mapping[str, Any]) -> None:
            for key, value in node.items():
                path = f"{prefix}.{key}" if prefix else key
                if isinstance(value, Mapping):
                    walk(path, value)
                    continue
                if path in entries:
                    raise CopyError(f"copy key {path!r} is defined twice")
                if isinstance(value, str):
                    entries[path] = (value,)
                elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
                    entries[path] = tuple(value)
                else:
                    raise CopyError(f"copy key {path!r} must be a string or a list of strings")

        for text in texts:
            walk("", tomllib.loads(text))
        return cls(entries)

    def known_keys(self) -> frozenset[str]:
        return frozenset(self._entries)

    def phrasings(self, key: str) -> tuple[str, ...]:
        try:
            return self._entries[key]
        except KeyError:
            raise CopyError(f"no copy for {key!r}") from None


@cache
def load_catalog(language: str = "en") -> Catalog:
    folder = resources.files("bot.copy").joinpath(language)
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)
    return Catalog.from_toml(*(f.read_text(encoding="utf-8") for f in files))


class Voice:
    """A catalog plus a random generator: how the bot speaks while handling one event."""

    def __init__(self, catalog: Catalog, rng: random.Random) -> None:
        self._catalog = catalog
        self._rng = rng

    def say(self, key: str, /, **params: Any) -> Markup:
        """One phrasing of ``key`` with ``params`` filled in (user text escaped)."""
        template = self._rng.choice(self._catalog.phrasings(key))
        # Placeholders are plain ``{name}`` (a test checks), so the values can be escaped first and
        # filled in by str.format itself: several times faster than a string.Formatter subclass.
        return Markup(template.format_map({name: _escaped(value) for name, value in params.items()}))

    def label(self, key: str, /, **params: Any) -> str:
        """The first phrasing as plain text, for labels that must stay stable (buttons, form fields)."""
        return self._catalog.phrasings(key)[0].format(**params)

    def join(self, parts: list[Markup], sep: str = "\n") -> Markup:
        return Markup(sep.join(p for p in parts if p))
