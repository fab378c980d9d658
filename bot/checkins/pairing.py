"""Pairing accountability buddies fairly: nobody left out, recent pairs avoided where possible.

Pure: members and history in, groups out. Many randomised greedy matchings
are tried and the one whose pairs met least recently wins; with an odd count
one member joins a pair to make a trio.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence

TRIES = 300
LAST_WEEK = 100.0


def meeting_cost(age: int) -> float:
    """What it costs to pair two members who met ``age`` weeks before last (0: last week).

    Last week's pairs are avoided above all; older meetings weigh less the longer ago they were, so
    over many weeks everyone meets everyone about equally often.
    """
    return LAST_WEEK if age == 0 else 1.0 / (age + 1)


def pair_up(
    members: Sequence[int], history: Sequence[Sequence[frozenset[int]]], rng: random.Random
) -> list[tuple[int, ...]]:
    """Groups of two (one of three when odd) for ``members``.

    ``history`` holds earlier weeks' groups, the most recent week first (see :func:`meeting_cost`).
    """
    people = sorted(set(members))
    if len(people) < 2:
        return []
    cost: dict[frozenset[int], float] = {}
    for age, week in enumerate(history):
        for group in week:
            for pair in itertools.combinations(sorted(group), 2):
                key = frozenset(pair)
                cost[key] = cost.get(key, 0.0) + meeting_cost(age)

    def pair_cost(a: int, b: int) -> float:
        return cost.get(frozenset((a, b)), 0.0)

    best: list[tuple[int, ...]] = []
    best_cost = float("inf")
    for _ in range(TRIES):
        order = people[:]
        rng.shuffle(order)
        groups: list[tuple[int, ...]] = []
        while len(order) >= 2:
            first = order.pop(0)
            partner = min(order, key=lambda other: pair_cost(first, other))
            order.remove(partner)
            groups.append((first, partner))
        total = sum(pair_cost(*g) for g in groups)
        if order:
            odd = order[0]
            index = min(range(len(groups)), key=lambda i: sum(pair_cost(odd, m) for m in groups[i]))
            total += sum(pair_cost(odd, m) for m in groups[index])
            groups[index] = (*groups[index], odd)
        if total < best_cost:
            best, best_cost = groups, total
            if total == 0:
                break
    return [tuple(sorted(g)) for g in best]
