"""Stages reached and reasons given, with the many ways people type them."""

from __future__ import annotations

import re
from enum import StrEnum


class Stage(StrEnum):
    APPLIED = "applied"
    SCREENING = "screening"
    ASSESSMENT = "assessment"
    INTERVIEW = "interview"
    FINAL_ROUND = "final_round"
    OFFER = "offer"


class Reason(StrEnum):
    UNKNOWN = "unknown"
    NO_CONSENSUS = "no_consensus"
    INTERNAL_CANDIDATE = "internal_candidate"
    HIRING_FREEZE = "hiring_freeze"
    POSITION_FILLED = "position_filled"
    OTHER = "other"


# Stages in the order a process moves through them; "how far" comparisons use this.
STAGE_ORDER = tuple(Stage)
LATE_STAGES = frozenset({Stage.FINAL_ROUND, Stage.OFFER})

STAGE_ALIASES: dict[str, Stage] = {
    **dict.fromkeys(["applied", "application", "app", "cv", "resume", "résumé", "applying"], Stage.APPLIED),
    **dict.fromkeys(
        ["screening", "screen", "phone screen", "phone", "recruiter", "recruiter call", "hr", "hr call"],
        Stage.SCREENING,
    ),
    **dict.fromkeys(
        ["assessment", "take-home", "take home", "takehome", "test", "case study", "coding test", "exercise"],
        Stage.ASSESSMENT,
    ),
    **dict.fromkeys(
        [
            "interview",
            "interviews",
            "first round",
            "1st round",
            "second round",
            "2nd round",
            "technical",
            "technical interview",
            "tech",
            "hiring manager",
            "video interview",
        ],
        Stage.INTERVIEW,
    ),
    **dict.fromkeys(
        [
            "final round",
            "final",
            "finals",
            "final interview",
            "onsite",
            "on-site",
            "on site",
            "last round",
            "panel",
        ],
        Stage.FINAL_ROUND,
    ),
    **dict.fromkeys(
        ["offer", "offer stage", "references", "reference check", "background check", "rescinded"],
        Stage.OFFER,
    ),
}

REASON_ALIASES: dict[str, Reason] = {
    **dict.fromkeys(
        ["unknown", "not sure", "no idea", "none given", "no reason", "?", "dunno"], Reason.UNKNOWN
    ),
    **dict.fromkeys(
        ["no consensus", "consensus", "committee", "couldn't agree", "could not agree", "split decision"],
        Reason.NO_CONSENSUS,
    ),
    **dict.fromkeys(
        ["internal", "internal candidate", "internal hire", "promoted internally", "internal promotion"],
        Reason.INTERNAL_CANDIDATE,
    ),
    **dict.fromkeys(
        ["freeze", "hiring freeze", "budget", "funding", "no budget", "frozen"], Reason.HIRING_FREEZE
    ),
    **dict.fromkeys(
        [
            "filled",
            "position filled",
            "role filled",
            "cancelled",
            "canceled",
            "role cancelled",
            "position cancelled",
            "closed",
            "role closed",
            "position closed",
        ],
        Reason.POSITION_FILLED,
    ),
    **dict.fromkeys(["other"], Reason.OTHER),
}


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower().replace("_", " ")).strip(" .!")


def stage_from(text: str) -> Stage | None:
    key = _key(text)
    return STAGE_ALIASES.get(key) or next((s for s in Stage if s.value == key.replace(" ", "_")), None)


def reason_from(text: str) -> Reason | None:
    key = _key(text)
    return REASON_ALIASES.get(key) or next((r for r in Reason if r.value == key.replace(" ", "_")), None)
