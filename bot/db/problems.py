"""A database that can't be opened or written, said in one line instead of a long traceback.

Every command that opens the database (``console``, ``db upgrade``, ``slack``,
``discord``) starts by migrating it, so that is where an unreachable server, a
missing directory or a read-only file shows up first; the command line
(``adapters/cli.py``) prints the line.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError


class DatabaseUnavailable(Exception):
    """The database named by the settings can't be used; the message names it and says why."""


@contextmanager
def database_problems(url: str) -> Iterator[None]:
    """Turn a driver's connection or permission error inside the block into :class:`DatabaseUnavailable`."""
    try:
        yield
    except (DBAPIError, OSError) as exc:
        raise DatabaseUnavailable(f"can't use the database at {shown(url)}: {reason(exc)}") from exc


def shown(url: str) -> str:
    """The URL with any password hidden."""
    return make_url(url).render_as_string(hide_password=True)


def reason(exc: BaseException) -> str:
    """The driver's own first line about what went wrong."""
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        exc = exc.orig
    if isinstance(exc, TimeoutError):
        return "the server didn't answer in time"
    said = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    first = said.strip().splitlines()[0] if said.strip() else type(exc).__name__
    return first[:300]
