"""Saving attachments (a member's data export) where only this user can read them.

The directory is created 0700; if it already exists it must be a real
directory (not a symlink) owned by this user, and is tightened to 0700. Files
are created 0600 and always new: never over an existing file, never through
a symlink planted in the directory.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from sqlalchemy.engine import make_url

DIRECTORY_NAME = "bounceback-exports"
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


class NotPrivate(OSError):
    """The directory exists but isn't safely ours; the message says why."""


def default_directory(database_url: str) -> Path:
    """``bounceback-exports`` beside a SQLite database file, else in the working directory."""
    url = make_url(database_url)
    path = (url.database or "").removeprefix("file:")
    if url.get_backend_name() == "sqlite" and path and path != ":memory:":
        return Path(path).resolve().parent / DIRECTORY_NAME
    return Path.cwd() / DIRECTORY_NAME


def save_privately(directory: Path, name: str, data: bytes) -> Path:
    """Write ``data`` to a new file in ``directory`` named after ``name``; returns its path."""
    base = Path(name).name or "attachment"
    stem, dot, suffix = base.partition(".")
    folder = _open_private_directory(directory)
    try:
        candidate, n = base, 1
        while True:
            try:
                fd = os.open(candidate, _NEW_FILE, 0o600, dir_fd=folder)
            except FileExistsError:  # an earlier run's file, or a planted link: pick another name
                n += 1
                candidate = f"{stem}-{n}{dot}{suffix}"
                continue
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            return directory / candidate
    finally:
        os.close(folder)


def _open_private_directory(directory: Path) -> int:
    with contextlib.suppress(FileExistsError):
        os.mkdir(directory, 0o700)
    try:
        folder = os.open(directory, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as exc:
        if directory.is_symlink():
            raise NotPrivate(f"{directory} is a symbolic link; remove it and try again") from exc
        raise
    status = os.fstat(folder)
    if status.st_uid != os.geteuid():
        os.close(folder)
        raise NotPrivate(f"{directory} belongs to another user; remove it and try again")
    if status.st_mode & 0o077:
        os.fchmod(folder, 0o700)
    return folder
