"""How long a text value may be: one source for the window, the importers and the exchange file.

A ``String(n)`` column holds at most ``n`` characters; a column without a length (``Text``)
holds at most ``TEXT_MAX``. SQLite itself enforces neither, so every way into the database
checks these limits before it writes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, Table, inspect

# Long texts (notes, results, competencies): about fifty typed pages, far more than anyone
# types into one field, far less than a file built to exhaust memory.
TEXT_MAX = 100_000


def text_limit(column: Any) -> int | None:
    """The most characters ``column`` may hold; None for a column that holds no text."""
    kind = column.type
    if not isinstance(kind, String):  # Text and Enum are Strings too
        return None
    return kind.length or TEXT_MAX


def text_limits(model: Any) -> dict[str, int]:
    """Column key → the most characters it may hold, for a mapped class or a ``Table``."""
    table: Table = model if isinstance(model, Table) else inspect(model).local_table
    return {c.key: limit for c in table.columns if (limit := text_limit(c)) is not None}


def too_long(limit: int, length: int) -> str:
    """The Russian message for a text of ``length`` characters over ``limit``."""
    return f"Не длиннее {_grouped(limit)} знаков (сейчас {_grouped(length)})."


def _grouped(number: int) -> str:
    """«100 000»: digits in groups of three, as Russian text writes them."""
    return f"{number:,}".replace(",", " ")
