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


class StaleRecordError(KuratorError):
    """Another user changed or removed the record after this one read it (optimistic
    concurrency on a shared database): nothing was written; reload and repeat."""

    def __init__(self, record: str) -> None:
        self.record = record
        super().__init__(
            f"Запись «{record}» изменил другой пользователь после того, как вы её открыли. "
            "Обновите данные (клавиша F5) и повторите; ваши изменения не сохранены."
        )


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
    server = server_message(exc)
    if server is not None:
        return server
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


SERVER_LOST = (
    "Связь с сервером базы данных потеряна. Проверьте сеть и повторите; незавершённое "
    "действие не сохранено, прежние данные на сервере не изменены."
)


def server_message(exc: BaseException) -> str | None:
    """The Russian sentence for a PostgreSQL driver failure (psycopg), None for any other.

    The kind is told by the SQLSTATE code or, for a connection that never opened (no code),
    by the driver's wording; the server's own text is never shown (it is English and may
    name the server's internals)."""
    if not type(exc).__module__.startswith("psycopg"):
        return None
    code = getattr(exc, "sqlstate", None) or ""
    said = str(exc).lower()
    if (
        code in ("28P01", "28000")
        or "password" in said
        or "authentication" in said
        or ("role" in said and "does not exist" in said)
    ):
        return (
            "Сервер базы данных не принял имя пользователя или пароль. Проверьте их в адресе "
            "базы или спросите администратора сервера; данные не изменены."
        )
    if code == "3D000" or ("database" in said and "does not exist" in said):
        return (
            "На сервере нет базы данных с таким именем. Проверьте имя базы в адресе или "
            "попросите администратора сервера создать её; данные не изменены."
        )
    if code == "42501" or "permission denied" in said:
        return (
            "У пользователя нет прав на эту базу данных на сервере (нужны права на чтение, "
            "запись и создание таблиц). Обратитесь к администратору сервера; данные не изменены."
        )
    if code in ("57P01", "57P02", "57P03") or code.startswith("08"):
        return SERVER_LOST
    if "closed" in said or "terminat" in said or "consuming input failed" in said:
        return SERVER_LOST
    if "translate host name" in said or "name or service not known" in said:
        return (
            "Сервер базы данных с таким именем не найден. Проверьте имя сервера в адресе "
            "базы данных; данные не изменены."
        )
    if "timeout" in said or "timed out" in said:
        return (
            "Сервер базы данных не отвечает (время ожидания истекло). Проверьте сеть и адрес "
            "сервера; данные не изменены."
        )
    if "connection" in said or "server" in said or "socket" in said:
        return (
            "Не удаётся подключиться к серверу базы данных: он не запущен, недоступен по сети "
            "или адрес указан неверно. Проверьте адрес и повторите; данные не изменены."
        )
    return (
        "Сервер базы данных отказался выполнить действие. Подробности — у администратора "
        "сервера; данные не изменены."
    )
