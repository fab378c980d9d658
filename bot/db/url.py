"""Database URLs as people write them, turned into what our async drivers take.

Hosted PostgreSQL providers hand out libpq URLs (``postgresql://…?sslmode=require``).
asyncpg, behind SQLAlchemy, gets every query parameter as a keyword argument
and has no ``sslmode``: it calls the same setting ``ssl``, and reads
certificate files only from libpq's environment variables.
"""

from __future__ import annotations

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
# libpq's certificate parameters, and the environment variables asyncpg reads them from instead.
CERTIFICATE_PARAMETERS = {
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslcrl": "PGSSLCRL",
    "sslpassword": "PGSSLPASSWORD",
}


def check_url(url: str) -> None:
    """Raise ValueError, in one line, if the URL can't be used as written (or translated)."""
    if not url.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://", "sqlite://", "postgresql://")):
        raise ValueError("use sqlite+aiosqlite:///path.sqlite3 or postgresql+asyncpg://user@host/db")
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ValueError("this isn't a database URL SQLAlchemy can read") from None
    if parsed.get_backend_name() != "postgresql":
        return
    query = parsed.query
    for name in ("sslmode", "ssl"):
        mode = query.get(name)
        if isinstance(mode, tuple) or (mode is not None and mode not in SSL_MODES):
            raise ValueError(f"{name} should be one of {', '.join(SSL_MODES)}")
    if "sslmode" in query and "ssl" in query and query["sslmode"] != query["ssl"]:
        raise ValueError("sslmode and ssl disagree; give only one of them")
    for name, variable in CERTIFICATE_PARAMETERS.items():
        if name in query:
            raise ValueError(f"the asyncpg driver can't take {name} in the URL; set {variable} instead")


def async_url(url: str) -> str:
    """The URL with the async driver we use, whichever form was given; ``sslmode`` becomes ``ssl``."""
    if url.startswith("sqlite://"):
        return "sqlite+aiosqlite://" + url.removeprefix("sqlite://")
    if url.startswith("postgresql://"):
        url = "postgresql+asyncpg://" + url.removeprefix("postgresql://")
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql" or "sslmode" not in parsed.query:
        return url
    mode = parsed.query["sslmode"]
    translated = parsed.difference_update_query(["sslmode"]).update_query_dict({"ssl": mode})
    return translated.render_as_string(hide_password=False)
