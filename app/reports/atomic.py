"""Atomic file writing: build a document under a temporary name, then rename it into place."""

from __future__ import annotations

import logging
import os
import secrets
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.errors import KuratorError, user_message

log = logging.getLogger(__name__)

# On Windows an antivirus or the search indexer may hold a just-written file for a moment;
# a few short retries tell that apart from a document really left open in Word or Excel.
_REPLACE_ATTEMPTS = 5 if os.name == "nt" else 1
_REPLACE_PAUSE_S = 0.2


def busy_message(target: Path) -> str:
    """The Russian sentence shown when ``target`` cannot be replaced."""
    return (
        f"Файл {target} открыт в другой программе (Word/Excel) или недоступен для записи. "
        "Закройте его и повторите."
    )


def _create_temp(target: Path) -> Path:
    """An empty new file beside ``target``; its mode follows the process umask (the app sets
    it so that documents with staff data are the user's alone)."""
    for _ in range(100):
        tmp = target.with_name(f".{target.stem}-{secrets.token_hex(4)}.part{target.suffix}")
        try:
            with open(tmp, "xb"):
                return tmp
        except FileExistsError:
            continue
        except OSError as exc:
            raise KuratorError(
                f"Не удаётся записать файл в папку {target.parent}. {user_message(exc)}"
            ) from exc
    raise KuratorError(f"Не удалось подобрать временное имя файла в папке {target.parent}.")


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows cannot open a folder this way.
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _discard(tmp: Path) -> None:
    try:
        tmp.unlink(missing_ok=True)
    except OSError:
        log.warning("could not delete temporary file %s", tmp)


def _replace(tmp: Path, target: Path) -> None:
    for attempt in range(1, _REPLACE_ATTEMPTS + 1):
        try:
            os.replace(tmp, target)
            return
        except OSError as exc:
            if attempt < _REPLACE_ATTEMPTS and isinstance(exc, PermissionError):
                time.sleep(_REPLACE_PAUSE_S)
                continue
            raise KuratorError(busy_message(target)) from exc


@contextmanager
def atomic_write_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path in ``target``'s folder for the caller to write the whole file to.

    When the block ends normally the file is flushed to disk and renamed onto ``target`` in
    one step, so readers see either the old file or the complete new one. On any failure the
    temporary file is deleted and ``target`` is left as it was. Raises ``KuratorError`` (in
    Russian) for a missing folder, a folder path, or a target that cannot be replaced — for
    example a document open in Word or Excel on Windows."""
    target = Path(target)
    folder = target.parent
    if not folder.is_dir():
        raise KuratorError(f"Папка не найдена: {folder}")
    if target.is_dir():
        raise KuratorError(f"{target} — это папка, а не файл. Укажите имя файла.")
    if target.exists() and not target.stat().st_mode & stat.S_IWUSR:
        # a rename would replace it all the same: the owner's read-only mark is respected
        raise KuratorError(
            f"Файл {target} защищён от записи (только чтение). Снимите защиту в свойствах "
            "файла или выберите другое имя."
        )
    tmp = _create_temp(target)
    try:
        try:
            yield tmp
        except OSError as exc:
            # The writer failed on the disk itself: full disk, a USB stick pulled out.
            raise KuratorError(f"Не удалось записать файл {target}. {user_message(exc)}") from exc
        try:
            _fsync_file(tmp)
        except OSError as exc:
            raise KuratorError(f"Не удалось записать файл {target}. {user_message(exc)}") from exc
        _replace(tmp, target)
        _fsync_dir(folder)
    finally:
        _discard(tmp)
