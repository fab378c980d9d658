"""Buddy pairing over many weeks: everyone has a buddy every week, and pairs rotate fairly."""

from __future__ import annotations

import itertools
import random
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from bot.checkins.jobs import PAIRING_MEMORY
from bot.checkins.pairing import pair_up


def simulate(members: list[int], weeks: int, memory: int = PAIRING_MEMORY) -> list[list[tuple[int, ...]]]:
    history: list[list[frozenset[int]]] = []
    out = []
    for week in range(weeks):
        groups = pair_up(members, history[:memory], random.Random(f"c1:{week}"))
        out.append(groups)
        history.insert(0, [frozenset(g) for g in groups])
    return out


@given(st.sets(st.integers(min_value=1, max_value=10_000), min_size=2, max_size=40), st.integers(0, 1000))
def test_everyone_is_in_exactly_one_group_of_two_or_one_trio(members: set[int], seed: int) -> None:
    groups = pair_up(sorted(members), [], random.Random(seed))
    assert sorted(m for g in groups for m in g) == sorted(members)
    sizes = Counter(len(g) for g in groups)
    assert set(sizes) <= {2, 3}
    assert sizes[3] == len(members) % 2


def test_nobody_is_paired_alone() -> None:
    assert pair_up([7], [], random.Random(0)) == []
    assert pair_up([], [], random.Random(0)) == []


def test_six_members_meet_every_other_member_before_any_pair_repeats() -> None:
    weeks = simulate(list(range(6)), 5)
    pairs = [frozenset(g) for week in weeks for g in week]
    assert len(pairs) == 15 == len(set(pairs))


def pairs_of(week: list[tuple[int, ...]]) -> set[frozenset[int]]:
    return {frozenset(p) for g in week for p in itertools.combinations(g, 2)}


def test_over_many_weeks_an_odd_group_rotates_pairs_and_the_trio_fairly() -> None:
    members = list(range(7))
    weeks = simulate(members, 42)
    for last_week, this_week in itertools.pairwise(weeks):
        assert not pairs_of(last_week) & pairs_of(this_week), "a pair met two weeks running"
    together = Counter(p for week in weeks for p in pairs_of(week))
    assert len(together) == 21  # every possible pair met
    assert max(together.values()) - min(together.values()) <= 2
    trios = Counter(m for week in weeks for g in week if len(g) == 3 for m in g)
    assert max(trios.values()) - min(trios.values()) <= 5  # about 18 trio weeks each


def test_a_larger_odd_group_stays_fair_too() -> None:
    weeks = simulate(list(range(9)), 40)
    together = Counter(p for week in weeks for p in pairs_of(week))
    assert len(together) == 36
    assert max(together.values()) - min(together.values()) <= 2


def test_newcomers_and_leavers_still_get_a_buddy() -> None:
    history: list[list[frozenset[int]]] = []
    for week, members in enumerate([[1, 2, 3, 4], [1, 2, 3, 4, 5], [2, 3, 5], [2, 3, 5, 6, 7, 8]]):
        groups = pair_up(members, history, random.Random(week))
        assert sorted(m for g in groups for m in g) == members
        history.insert(0, [frozenset(g) for g in groups])
