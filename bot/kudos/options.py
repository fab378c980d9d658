"""What the ``/kudos`` subcommands take, for adapters that offer typed options (Discord's slash commands).

The core reads a ``/kudos`` command from its text; an adapter that offers a
list to pick from or a length limit takes them from here, so they follow the
core when it changes.
"""

from __future__ import annotations

from bot.kudos.leaderboard import Period
from bot.kudos.settings import MAX_DAILY_CAP
from bot.kudos.shoutout import REASON_LIMIT

PERIODS: tuple[str, ...] = tuple(p.value for p in Period)  # ``/kudos top PERIOD``
LARGEST_DAILY_CAP = MAX_DAILY_CAP  # ``/kudos cap NUMBER`` accepts 1 to this
LONGEST_REASON = REASON_LIMIT  # ``/kudos @member REASON``
