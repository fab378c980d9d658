"""The complete MetaData: imports every module that defines tables.

Alembic's env, the schema tests and the test fixtures use this; a new
feature's models module is imported here.
"""

from bot.checkins import models as checkin_models  # noqa: F401
from bot.db import (
    models,  # noqa: F401
    slack_install_tables,  # noqa: F401
)
from bot.db.base import metadata
from bot.inbox import models as inbox_models  # noqa: F401
from bot.kudos import models as kudos_models  # noqa: F401
from bot.scheduling import models as scheduling_models  # noqa: F401

__all__ = ["metadata"]
