"""The core's MetaData: imports every module of ``bot/`` that defines tables.

A new feature's models module is imported here. Alembic's env and the tests
use :mod:`migrations.schema`, which adds the adapters' own tables (Slack's install store).
"""

from bot.checkins import models as checkin_models  # noqa: F401
from bot.db import models  # noqa: F401
from bot.db.base import metadata
from bot.inbox import models as inbox_models  # noqa: F401
from bot.kudos import models as kudos_models  # noqa: F401
from bot.scheduling import models as scheduling_models  # noqa: F401

__all__ = ["metadata"]
