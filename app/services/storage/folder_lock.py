"""The data folder's single-instance lock: an operating-system lock on ``kurator.lock``.

The operating system drops the lock when the process ends, however it ends, so a crash never
leaves the folder locked. (The filelock package did the same with the same two calls, but
its import — read-write, lease and async locks — cost a twentieth of the window's start-up.)"""

from __future__ import annotations

import errno
import os
import sys
from contextlib import suppress
from pathlib import Path

if sys.platform == "win32":
    import msvcrt
else:
    import fcntl


class LockHeld(Exception):
    """Another process (or another open of the folder in this one) holds the lock."""


class FolderLock:
    """An exclusive, non-blocking lock on the file ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def is_locked(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock at once or raise ``LockHeld``; ``OSError`` when the lock file cannot
        be created or opened (a folder without write access)."""
        if self._fd is None:
            self._fd = _lock(self.path)

    def release(self) -> None:
        """Let the lock go (again: nothing happens)."""
        fd, self._fd = self._fd, None
        if fd is not None:
            _unlock(fd, self.path)


if sys.platform == "win32":

    def _lock(path: Path) -> int:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
        except PermissionError as exc:
            # Windows refuses to open a file another process has locked.
            raise LockHeld(str(path)) from exc
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EACCES, errno.EDEADLK):
                raise LockHeld(str(path)) from exc
            raise
        return fd

    def _unlock(fd: int, path: Path) -> None:
        try:
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        finally:
            os.close(fd)
        with suppress(OSError):  # another instance may be opening it right now
            path.unlink()

else:

    def _lock(path: Path) -> int:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                raise LockHeld(str(path)) from exc
            raise
        return fd

    def _unlock(fd: int, path: Path) -> None:
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
