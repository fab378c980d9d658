"""What rides in custom ids and modal payloads, read back exactly."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.discord.components import ACTION_TEMPLATE, action_custom_id
from adapters.discord.forms import CUSTOM_ID_LIMIT, ModalAddress, values_from_submission

snowflakes = st.integers(min_value=10**16, max_value=2**63 - 1).map(str)
action_ids = st.from_regex(r"[a-z]{1,12}\.[a-z_]{1,16}", fullmatch=True)
values = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@given(snowflakes, action_ids, values)
def test_a_button_id_carries_server_action_and_value(workspace: str, action: str, value: str) -> None:
    try:
        custom_id = action_custom_id(workspace, action, value)
    except ValueError:
        assert len(f"bb:{workspace}:{action}:{value}") > 100  # refused only when it can't fit
        return
    match = ACTION_TEMPLATE.fullmatch(custom_id)
    assert match is not None and len(custom_id) <= 100
    assert (match["workspace"], match["action"], match["value"]) == (workspace, action, value)


@given(
    st.from_regex(r"[0-9a-f]{12}", fullmatch=True),
    st.integers(0, 3),
    snowflakes,
    st.from_regex(r"[a-z]{1,10}\.[a-z]{1,10}", fullmatch=True),
    st.text(max_size=80),
)
def test_a_modal_id_reads_back_or_defers_to_the_open_form(
    token: str, page: int, workspace: str, form_id: str, context: str
) -> None:
    address = ModalAddress(token, page, 4, workspace, form_id, context)
    custom_id = address.custom_id()
    assert len(custom_id) <= CUSTOM_ID_LIMIT
    read = ModalAddress.parse(custom_id)
    assert read is not None
    assert (read.token, read.page, read.pages, read.workspace_id) == (token, page, 4, workspace)
    assert (read.form_id, read.context) in ((form_id, context), ("", ""))


@pytest.mark.parametrize(
    ("components", "expected"),
    [
        # Labels (type 18) around a text input and a string select, as modals send them now.
        (
            [
                {
                    "type": 18,
                    "id": 1,
                    "component": {"type": 4, "id": 2, "custom_id": "company", "value": "Acme"},
                },
                {
                    "type": 18,
                    "id": 3,
                    "component": {"type": 3, "id": 4, "custom_id": "include", "values": ["a", "b"]},
                },
            ],
            {"company": "Acme", "include": "a,b"},
        ),
        # Action rows (type 1), the older shape.
        (
            [{"type": 1, "components": [{"type": 4, "custom_id": "note", "value": "hi"}]}],
            {"note": "hi"},
        ),
        # A text display (type 10) has no value and is skipped; an empty select is blank.
        (
            [
                {"type": 10, "id": 5, "content": "Read me"},
                {"type": 18, "id": 6, "component": {"type": 3, "id": 7, "custom_id": "stage", "values": []}},
            ],
            {"stage": ""},
        ),
    ],
)
def test_submitted_values_are_read_from_every_documented_shape(components: list, expected: dict) -> None:
    assert values_from_submission(components) == expected
