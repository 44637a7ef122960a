"""Case- and ё-insensitive text in SQL, the same on SQLite and PostgreSQL: the folded form
of a column for search and the order of names.

Python's ``app.core.textutil.fold`` (lower case, «ё» → «е») is the reference. On SQLite the
same function is registered on every connection (``kurator_fold``, app.models.db); on
PostgreSQL it is an expression that does not depend on the server's locale: ``lower()`` for
Latin letters, ``translate()`` for the Cyrillic ones (a server created with the C locale
lowers only ASCII), and the "C" collation so that folded text sorts by code point, as
Python and SQLite sort it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, String, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from app.core.textutil import fold

_UPPER = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯё"
_LOWER = "абвгдеежзийклмнопрстуфхцчшщъыьэюяе"


class folded(FunctionElement[str]):  # noqa: N801 (an SQL function, named as one)
    """``folded(column)``: the column lower-cased with «ё» read as «е»."""

    type = String()
    inherit_cache = True
    name = "kurator_fold"


@compiles(folded)
def _fold_sqlite(element: folded, compiler: SQLCompiler, **kw: Any) -> str:
    return f"kurator_fold({compiler.process(element.clauses, **kw)})"


@compiles(folded, "postgresql")
def _fold_postgresql(element: folded, compiler: SQLCompiler, **kw: Any) -> str:
    arg = compiler.process(element.clauses, **kw)
    return f"(translate(lower({arg}), '{_UPPER}', '{_LOWER}') COLLATE \"C\")"


def contains_folded(column: Any, needle: str) -> ColumnElement[bool]:
    """True where ``column`` contains ``needle``, ignoring case and ё/е (``needle`` is
    folded in Python, its LIKE wildcards taken literally)."""
    escaped = fold(needle).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return folded(column).like(literal(f"%{escaped}%"), escape="\\")
