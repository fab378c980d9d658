"""The JSON types of the Slack payload fields that bolt and this adapter read before anything can fail softly.

A signed body is Slack's, and Slack sends these shapes (its documented payloads, in
tests/slack/payloads/). A body that parses but puts a string where an object belongs would
make bolt's own middleware or matchers raise, a 500 with a traceback; the edge answers it
with a 400 naming the field instead. Only what is read on the way to the acknowledgement
and in the translation is listed; a field absent is fine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

Check = Callable[[Any], bool]


def one_of(*types: type) -> Check:
    return lambda value: isinstance(value, types)


def non_empty_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value)


def has_text(field: str) -> Check:
    """An object with ``field`` a string (bolt reads it with ``[field]``)."""
    return lambda value: isinstance(value, dict) and isinstance(value.get(field), str)


def command_with_ids(body: Any) -> bool:
    """A slash command names its workspace and member (the listener reads them with ``[...]``)."""
    return "command" not in body or all(isinstance(body.get(f), str) for f in ("team_id", "user_id"))


OBJECT, TEXT = one_of(dict), one_of(str)
OBJECT_OR_NULL, TEXT_OR_NULL = one_of(dict, type(None)), one_of(str, type(None))

# "a.b": the field b of the object a; "*": every item of a list or every value of an object; "": the body.
RULES: tuple[tuple[str, Check], ...] = (
    ("", command_with_ids),
    ("type", TEXT),
    ("team_id", TEXT),
    ("user_id", TEXT),
    ("event", OBJECT),
    ("event.type", TEXT),
    ("event.item", OBJECT),
    ("event.item.channel", TEXT),
    ("event.item.ts", TEXT),
    ("authorizations", one_of(list)),
    ("authorizations.*", OBJECT),
    ("user", OBJECT_OR_NULL),
    ("user.id", TEXT),
    ("team", OBJECT_OR_NULL),
    ("team.id", TEXT_OR_NULL),
    ("channel", OBJECT_OR_NULL),
    ("channel.id", TEXT),
    ("container", OBJECT_OR_NULL),
    ("message", OBJECT_OR_NULL),
    ("actions", non_empty_list),
    ("actions.*", has_text("action_id")),
    ("actions.*.block_id", TEXT),
    ("actions.*.type", TEXT),
    ("actions.*.value", TEXT),
    ("view", has_text("type")),
    ("view.id", TEXT),
    ("view.callback_id", TEXT),
    ("view.private_metadata", TEXT_OR_NULL),
    ("view.state", OBJECT),
    ("view.state.values", OBJECT),
    ("view.state.values.*", OBJECT),
    ("view.state.values.*.*", OBJECT),
)


_SPLIT = tuple((path or "body", tuple(path.split(".")) if path else (), check) for path, check in RULES)


def malformed_field(body: dict[str, Any]) -> str | None:
    """The first listed field whose value has the wrong type, or None if the body has Slack's shape."""
    for name, steps, check in _SPLIT:
        if any(not check(value) for value in _values_at(body, steps)):
            return name
    return None


def _values_at(node: Any, steps: tuple[str, ...]) -> Iterator[Any]:
    """Every value at ``steps`` below ``node``; nothing where a step is missing or its parent is mistyped
    (the parent's own rule reports that)."""
    if not steps:
        yield node
        return
    step, rest = steps[0], steps[1:]
    if step == "*":
        children = node if isinstance(node, list) else node.values() if isinstance(node, dict) else ()
        for child in children:
            yield from _values_at(child, rest)
    elif isinstance(node, dict) and step in node:
        yield from _values_at(node[step], rest)
