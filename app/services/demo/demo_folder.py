"""The demo school's own data folder beside the real one: found, opened and filled, never
touching the real folder (its database, its lock, its backups)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from sqlalchemy import func, select

from app.core.school_year import SchoolYear
from app.errors import KuratorError
from app.models import Person
from app.models.db import replace_contents
from app.services.demo.demo import create_demo
from app.services.school import school
from app.services.storage.workspace import Workspace, open_workspace

SUFFIX = "-пример"
# A file that says «this folder is the demo»: a folder without it, holding anything, is
# never opened (nor filled) as the demo.
MARKER = "kurator-demo.txt"
MARKER_TEXT = (
    "Папка примера «Куратора»: вымышленная школа для знакомства с программой.\n"
    "Настоящие данные хранятся в другой папке; эту папку можно удалить.\n"
)


def demo_root(real_root: Path) -> Path:
    """The demo folder for the real data folder ``real_root``: its sibling «<имя>-пример»
    (for example …/Kurator-пример beside …/Kurator), never the real folder itself."""
    real = real_root.expanduser().resolve()
    return real.parent / f"{real.name}{SUFFIX}"


def is_demo_folder(root: Path) -> bool:
    return (root / MARKER).is_file()


def open_demo(real_root: Path, today: dt.date | None = None) -> Workspace:
    """Lock and open the demo folder of ``real_root`` (created on first use and marked as the
    demo). A demo of another school year than ``today``'s is emptied, to be built anew
    (``needs_filling``), so its dates are this year's. ``KuratorError`` when that folder
    holds something else or is already open."""
    root = demo_root(real_root)
    if root == real_root.expanduser().resolve():  # pragma: no cover - the suffix prevents it
        raise KuratorError("Папка примера совпадает с папкой данных.")
    if root.exists() and not is_demo_folder(root) and any(root.iterdir()):
        raise KuratorError(
            f"Пример не открыт: в папке {root} уже лежат другие файлы. Переименуйте или "
            "перенесите эту папку и попробуйте снова."
        )
    ws = open_workspace(root, start_backup=False)
    try:
        (root / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    except OSError as exc:
        ws.close(backup=False)
        raise KuratorError(f"Не удаётся записать в папку примера {root}.") from exc
    try:
        _empty_if_stale(ws, today or dt.date.today())
    except BaseException:
        ws.close(backup=False)
        raise
    return ws


def _empty_if_stale(ws: Workspace, today: dt.date) -> bool:
    """Empty the demo's database (the lock held throughout) when its school is of another
    school year than ``today``'s; True when it did."""
    year = school.get_school(ws.db).school_year
    if needs_filling(ws) or year == str(SchoolYear.of(today)):
        return False
    scratch = ws.paths.root / "empty.part"  # removed at the next open if a crash leaves it
    shutil.rmtree(scratch, ignore_errors=True)
    try:
        open_workspace(scratch, start_backup=False).close(backup=False)
        ws.db.dispose()
        replace_contents(ws.paths.db, scratch / ws.paths.db.name)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    ws.reopen()
    return True


def needs_filling(ws: Workspace) -> bool:
    """True while the demo folder has no participants (just made, or its filling was cut)."""
    with ws.db.session() as s:
        return not (s.scalar(select(func.count()).select_from(Person)) or 0)


def fill(ws: Workspace, today: dt.date | None = None) -> str:
    """Build the demo school in the opened demo folder; returns ``create_demo``'s summary."""
    if not is_demo_folder(ws.paths.root):
        raise KuratorError("Пример можно построить только в папке примера.")
    return create_demo(ws.db, today)
