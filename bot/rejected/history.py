"""What a member's own record says about them, for context in the answer.

The counts are read in the same statement that logs the rejection: the INSERT
returns, beside the new row, how many of the member's *earlier* rejections there
are (all, late-stage, interviewed). One round trip instead of two is most of what
keeps ``/rejected`` close to the speed of a plain insert (see ``bench/rejected.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ScalarSelect, func, literal_column, select
from sqlalchemy.orm import aliased

from bot.db.models import Rejection
from bot.rejected.vocabulary import LATE_STAGES, Stage

_INTERVIEWED = frozenset({Stage.ASSESSMENT, Stage.INTERVIEW, *LATE_STAGES})


@dataclass(frozen=True)
class History:
    total: int
    late_stage: int  # final rounds and offer stages reached
    interviewed: int  # assessments, interviews and later

    @classmethod
    def including(cls, rejection: Rejection, earlier: History) -> History:
        """The record once ``rejection`` joins the ``earlier`` ones."""
        stage = Stage(rejection.stage) if rejection.stage else None
        return cls(
            total=earlier.total + 1,
            late_stage=earlier.late_stage + (stage in LATE_STAGES),
            interviewed=earlier.interviewed + (stage in _INTERVIEWED),
        )


def _earlier_count(stages: frozenset[Stage] | None = None) -> ScalarSelect[int]:
    """Count the member's rejections other than the row being inserted (optionally only these stages).

    ``rejections.*`` inside the subquery names the row the INSERT is writing: PostgreSQL and SQLite
    both let a RETURNING subquery see it, and excluding it by id makes the count the same on both
    (PostgreSQL's snapshot would hide it anyway; SQLite's might not).
    """
    new = Rejection.__tablename__
    earlier = aliased(Rejection, name="earlier")
    query = select(func.count()).where(
        earlier.community_id == literal_column(f"{new}.community_id"),
        earlier.member_id == literal_column(f"{new}.member_id"),
        earlier.id != literal_column(f"{new}.id"),
    )
    if stages:
        # Our own constants, written into the SQL: an IN of bound values is re-expanded on every execution.
        written = [literal_column(f"'{stage.value}'") for stage in sorted(stages)]
        query = query.where(earlier.stage.in_(written))
    return query.scalar_subquery()


# RETURNING columns that read the member's earlier record, in History's field order.
EARLIER_RECORD = (_earlier_count(), _earlier_count(LATE_STAGES), _earlier_count(_INTERVIEWED))
