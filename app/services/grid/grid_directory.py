"""Editing the grid's reference lists: directions (add, rename, reorder, hide, delete) and
levels (name, short mark, colour that stays readable with black text)."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from app.core.textutil import clean_text
from app.errors import KuratorError, ValidationError
from app.models import DiagnosticEntry, DiagnosticLevel, Direction
from app.models.db import Database

NAME_MAX = 300
SHORT_MAX = 60
LEVEL_NAME_MAX = 100
MARK_MAX = 3
# WCAG's threshold for normal text (4.5:1) against black: paler colours pass, dark ones do not.
MIN_CONTRAST_WITH_BLACK = 4.5
_HEX_RE = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


# --- colours ---------------------------------------------------------------------------
def normalize_color(text: str) -> str:
    """``#RRGGBB`` in upper case from «#abc», «AABBCC» or «#aabbcc»; ``ValueError`` (Russian)
    for anything else."""
    m = _HEX_RE.match((text or "").strip())
    if not m:
        raise ValueError(f"«{text}» — не цвет; нужен вид #RRGGBB")
    digits = m.group(1)
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return "#" + digits.upper()


def relative_luminance(color: str) -> float:
    """The WCAG relative luminance of ``#RRGGBB`` (0 black … 1 white)."""
    hex6 = normalize_color(color)[1:]
    channels = [int(hex6[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_with_black(color: str) -> float:
    """WCAG contrast ratio of black text on ``color`` (1 … 21)."""
    return (relative_luminance(color) + 0.05) / 0.05


def readable_with_black(color: str) -> bool:
    """Whether black text on ``color`` meets :data:`MIN_CONTRAST_WITH_BLACK`."""
    return contrast_with_black(color) >= MIN_CONTRAST_WITH_BLACK


def color_problem(color: str) -> str:
    """The Russian reason a colour cannot be used behind black text, or ''."""
    try:
        ratio = contrast_with_black(color)
    except ValueError as exc:
        return str(exc)
    if ratio < MIN_CONTRAST_WITH_BLACK:
        return (
            f"Цвет {normalize_color(color)} слишком тёмный: чёрный текст на нём читается "
            f"плохо (контраст {ratio:.1f} : 1, нужно не меньше "
            f"{MIN_CONTRAST_WITH_BLACK:g} : 1). Выберите цвет светлее."
        )
    return ""


# --- directions ------------------------------------------------------------------------
def direction_usage(db: Database) -> dict[int, int]:
    """direction id → number of stored grid cells in that direction (only used ones)."""
    with db.session() as s:
        q = select(DiagnosticEntry.direction_id, func.count()).group_by(
            DiagnosticEntry.direction_id
        )
        return {int(did): int(n) for did, n in s.execute(q)}


def _validate_direction(db: Database, name: str, short_name: str, direction_id: int | None) -> None:
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Укажите название направления."
    elif len(name) > NAME_MAX:
        errors["name"] = f"Название длиннее {NAME_MAX} знаков; сократите его."
    if len(short_name) > SHORT_MAX:
        errors["short_name"] = (
            f"Короткое название длиннее {SHORT_MAX} знаков: оно должно "
            "помещаться в заголовок столбца."
        )
    if name and "name" not in errors:
        with db.session() as s:
            for other_id, other in s.execute(select(Direction.id, Direction.name)):
                if other_id != direction_id and other.casefold() == name.casefold():
                    errors["name"] = f"Направление «{other}» уже есть."
                    break
    if errors:
        raise ValidationError(errors)


def add_direction(db: Database, name: str, short_name: str = "") -> int:
    """Add a direction at the end of the list; returns its id."""
    name, short_name = clean_text(name), clean_text(short_name)
    _validate_direction(db, name, short_name, None)
    with db.session() as s:
        last = s.scalar(select(func.max(Direction.sort_order))) or 0
        d = Direction(name=name, short_name=short_name, sort_order=last + 1, hidden=False)
        s.add(d)
        s.flush()
        return d.id


def rename_direction(db: Database, direction_id: int, name: str, short_name: str) -> None:
    """Change the full name and the short column heading; the grid cells stay attached."""
    name, short_name = clean_text(name), clean_text(short_name)
    _validate_direction(db, name, short_name, direction_id)
    with db.session() as s:
        d = s.get(Direction, direction_id)
        if d is None:
            raise KuratorError("Это направление уже удалено.")
        d.name, d.short_name = name, short_name


def reorder_directions(db: Database, ids: list[int]) -> None:
    """Put the directions in the order of ``ids`` (any not listed keep their place after)."""
    with db.session() as s:
        rows = {d.id: d for d in s.scalars(select(Direction))}
        order = [i for i in ids if i in rows]
        rest = sorted(
            (d for d in rows.values() if d.id not in set(order)), key=lambda d: (d.sort_order, d.id)
        )
        for pos, d in enumerate([rows[i] for i in order] + rest):
            d.sort_order = pos


def move_direction(db: Database, direction_id: int, delta: int) -> None:
    """Move one direction ``delta`` places up (negative) or down among all directions."""
    with db.session() as s:
        ids = list(s.scalars(select(Direction.id).order_by(Direction.sort_order, Direction.id)))
    if direction_id not in ids:
        raise KuratorError("Это направление уже удалено.")
    pos = ids.index(direction_id)
    new = max(0, min(len(ids) - 1, pos + delta))
    ids.insert(new, ids.pop(pos))
    reorder_directions(db, ids)


def set_direction_hidden(db: Database, direction_id: int, hidden: bool) -> None:
    """Hide a direction from the grid (its stored cells are kept) or show it again.

    The window asks before hiding one with data (see :func:`direction_usage`)."""
    with db.session() as s:
        d = s.get(Direction, direction_id)
        if d is None:
            raise KuratorError("Это направление уже удалено.")
        d.hidden = hidden


def delete_direction(db: Database, direction_id: int) -> None:
    """Delete a direction nobody has data in; one with data raises ``KuratorError``
    suggesting to hide it instead."""
    used = direction_usage(db).get(direction_id, 0)
    if used:
        raise KuratorError(
            f"Удалить нельзя: в этом направлении есть записи диагностики ({used}). "
            "Скройте направление — записи сохранятся, и его можно будет вернуть."
        )
    with db.session() as s:
        d = s.get(Direction, direction_id)
        if d is not None:
            s.delete(d)


# --- levels ----------------------------------------------------------------------------
def update_level(db: Database, level_id: int, name: str, mark: str, color: str) -> None:
    """Change a level's name, short mark and colour.

    ``ValidationError`` (field → Russian message) for an empty name or mark, a mark another
    level already has, or a colour too dark for black text."""
    name, mark = clean_text(name), clean_text(mark)
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Укажите название уровня."
    elif len(name) > LEVEL_NAME_MAX:
        errors["name"] = f"Название длиннее {LEVEL_NAME_MAX} знаков."
    if not mark:
        errors["mark"] = (
            "Укажите короткую отметку (буква или знак): она печатается в клетке, "
            "чтобы уровень читался и без цвета."
        )
    elif len(mark) > MARK_MAX:
        errors["mark"] = f"Отметка — не больше {MARK_MAX} знаков."
    problem = color_problem(color)
    if problem:
        errors["color"] = problem
    with db.session() as s:
        others = [lv for lv in s.scalars(select(DiagnosticLevel)) if lv.id != level_id]
    if mark and any(o.mark.casefold() == mark.casefold() for o in others):
        errors["mark"] = f"Отметка «{mark}» уже есть у другого уровня: в клетке их не различить."
    if name and any(o.name.casefold() == name.casefold() for o in others):
        errors["name"] = f"Уровень «{name}» уже есть."
    if errors:
        raise ValidationError(errors)
    with db.session() as s:
        lv = s.get(DiagnosticLevel, level_id)
        if lv is None:
            raise KuratorError("Этот уровень уже удалён.")
        lv.name, lv.mark, lv.color = name, mark, normalize_color(color)
