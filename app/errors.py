"""Errors that carry a message meant for the user (in Russian)."""

from __future__ import annotations

import errno
import sqlite3
import zipfile
from xml.etree.ElementTree import ParseError


class KuratorError(Exception):
    """A failure the user can understand and act on; ``str(err)`` is a Russian sentence."""


class ValidationError(KuratorError):
    """Bad input: ``errors`` maps a field name to the Russian message shown next to it."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(self.errors.values()))


class DataDirLockedError(KuratorError):
    """Another running «Куратор» already works with this data folder."""


class DamagedDatabaseError(KuratorError):
    """The database file fails SQLite's integrity check."""


class NewerDatabaseError(KuratorError):
    """The database was written by a newer version of the program."""


class DatabaseBusyError(KuratorError):
    """Another program (a second SQLite client, a backup tool, an antivirus) holds the
    database file longer than the bounded wait: busy, not damaged."""


BUSY = (
    "База данных сейчас занята другой программой (например, антивирусом или программой "
    "резервного копирования). Подождите минуту и повторите; данные не изменены."
)
_LOG_HINT = "Подробности — в журнале logs/kurator.log в папке данных."
UNEXPECTED = f"Непредвиденная ошибка. {_LOG_HINT}"


def user_message(exc: BaseException) -> str:
    """One Russian sentence for any failure a person can meet: what happened and what to do.

    A ``KuratorError`` already says it; operating-system, SQLite, XML and number failures
    are named by kind (never by their English text); anything else is «непредвиденная
    ошибка» with a pointer to the log."""
    if isinstance(exc, KuratorError):
        return str(exc)
    wrapped = getattr(exc, "orig", None)  # SQLAlchemy's wrapper of a driver error
    if isinstance(wrapped, BaseException) and wrapped is not exc:
        return user_message(wrapped)
    name = getattr(exc, "filename", None)
    where = f" ({name})" if name else ""
    if isinstance(exc, PermissionError):
        return (
            f"Нет прав на доступ к файлу или папке{where}. Выберите другую папку или "
            "попросите администратора компьютера дать права на запись."
        )
    if (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or (
        getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL
    ):
        return (
            f"На диске не хватает места{where}. Освободите место (или выберите другой "
            "диск) и повторите; уже сохранённые данные не изменены."
        )
    if isinstance(exc, OSError) and exc.errno == errno.EROFS:
        return (
            f"Диск или папка доступны только для чтения{where}. Выберите другую папку "
            "или снимите защиту от записи (например, на флешке)."
        )
    if isinstance(exc, FileNotFoundError | NotADirectoryError):
        return f"Файл или папка не найдены{where}."
    if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
        return BUSY
    if isinstance(exc, sqlite3.DatabaseError):
        return (
            "База данных не читается: файл повреждён или это не база «Куратора». "
            "Восстановите её из резервной копии (меню «Файл → Восстановить из копии…»)."
        )
    if isinstance(exc, ParseError | zipfile.BadZipFile):
        return "Файл повреждён или имеет не тот формат, который ожидался."
    if isinstance(exc, OverflowError | RecursionError | MemoryError):
        return (
            "Файл содержит слишком большие числа, слишком длинный текст или слишком "
            "глубокую вложенность: такой файл не загружается."
        )
    if isinstance(exc, OSError):
        return f"Ошибка чтения или записи файла{where}. Повторите; {_LOG_HINT}"
    return UNEXPECTED
