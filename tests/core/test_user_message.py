"""One Russian sentence for every failure a person can meet: no errno, SQLite or parser text."""

from __future__ import annotations

import errno
import re
import sqlite3
import zipfile
from xml.etree.ElementTree import ParseError

import pytest
from sqlalchemy.exc import OperationalError

from app.errors import BUSY, KuratorError, user_message

CASES: list[tuple[BaseException, str]] = [
    (KuratorError("Сказано по-русски."), "Сказано по-русски."),
    (PermissionError(errno.EACCES, "Permission denied", "/data/x"), "Нет прав"),
    (OSError(errno.ENOSPC, "No space left on device"), "не хватает места"),
    (OSError(errno.EROFS, "Read-only file system"), "только для чтения"),
    (FileNotFoundError(errno.ENOENT, "No such file or directory", "a.json"), "не найдены"),
    (sqlite3.OperationalError("database is locked"), BUSY),
    (sqlite3.DatabaseError("file is not a database"), "не читается"),
    (OperationalError("UPDATE x", {}, sqlite3.OperationalError("database is locked")), BUSY),
    (ParseError("not well-formed (invalid token): line 1, column 0"), "повреждён"),
    (zipfile.BadZipFile("File is not a zip file"), "повреждён"),
    (OverflowError("int too large to convert to float"), "слишком большие числа"),
    (RecursionError("maximum recursion depth exceeded"), "вложенность"),
    (OSError(errno.EIO, "Input/output error"), "Ошибка чтения или записи"),
    (ValueError("something internal went wrong"), "Непредвиденная ошибка"),
]


@pytest.mark.parametrize(("exc", "expected"), CASES)
def test_each_failure_gets_its_russian_sentence_without_the_english_original(
    exc: BaseException, expected: str
) -> None:
    # GIVEN a failure of the kind a person can meet WHEN it is put into words
    text = user_message(exc)
    # THEN the Russian sentence names it, and no English word of the original leaks through
    assert expected in text
    english = {w for w in re.findall(r"[A-Za-z]{3,}", str(exc))} - {"json"}
    leaked = [w for w in english if w in text.replace("/data/x", "").replace("a.json", "")]
    assert leaked == []
