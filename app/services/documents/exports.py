"""The registry of what can be exported (kind → formats → builder) and the one way to run it.

A later feature adds a document by adding an ``ExportKind`` to ``KINDS`` (or a format to an
existing kind); the command line and the window list kinds from here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import KuratorError
from app.models import Person, Program
from app.models.db import Database
from app.reports.table import PrintedTable
from app.services.agenda.monthly_plan import export_plan_docx, export_plan_xlsx
from app.services.grid.grid_print import export_grid_docx, export_grid_xlsx
from app.services.pairs.bases import MENTEES_TITLE, MENTORS_TITLE, mentees_base, mentors_base
from app.services.pairs.pairs_table import PAIRS_TITLE, pairs_table
from app.services.school.page_settings import load_page_settings

Builder = Callable[[Database, Path, dict[str, Any]], Path]
"""Reads what it needs from the database, writes the file (or, for ``split``, the folder of
files) at the path, returns it. The dict holds the kind's options: ``order_id`` (the record
number of an order or a program), ``split``, and the command line's ``teacher``, ``round``,
``date_from``, ``date_to`` (None when not given; text dates as typed, checked by the kind)."""


@dataclass(frozen=True)
class ExportKind:
    """One exportable thing: its Russian name and a builder per file extension."""

    title: str
    formats: dict[str, Builder]
    needs_id: bool = False

    @property
    def extensions(self) -> list[str]:
        """Allowed extensions with the dot, in the order they are offered (e.g. ``.xlsx``)."""
        return list(self.formats)


def _table_xlsx(make: Callable[[Database], PrintedTable]) -> Builder:
    def build(db: Database, out: Path, options: dict[str, Any]) -> Path:
        # deferred: openpyxl costs a tenth of the window's start-up, so it loads on use
        from app.reports.xlsx_table import write_table_xlsx

        table = make(db)
        return write_table_xlsx(
            out, table.sheet_title, table.title, table.columns, table.rows, table.subtitle
        )

    return build


def _table_docx(make: Callable[[Database], PrintedTable]) -> Builder:
    def build(db: Database, out: Path, options: dict[str, Any]) -> Path:
        # deferred: python-docx/openpyxl load only when printing (start-up speed)
        from app.reports.table_docx import write_table_docx

        table = make(db)
        settings = load_page_settings(db)
        return write_table_docx(
            out, table.title, table.subtitle, table.columns, table.rows, settings
        )

    return build


def export_order_files(db: Database, order_id: int, out: Path, split: bool) -> list[Path]:
    """Write the order package to ``out`` (or, with ``split``, separate files into the folder
    ``out``); returns every file written."""
    # deferred: this registry is read when the window builds its menus; the writers behind
    # it load python-docx (a fifth of the start-up), so they load on use
    # deferred: python-docx/openpyxl load only when printing (start-up speed)
    from app.reports.order_docx import write_package, write_split
    from app.services.orders.order_document import order_package

    package = order_package(db, order_id)
    settings = load_page_settings(db)
    if split:
        if out.exists() and not out.is_dir():
            raise KuratorError(
                f"{out} — это файл; для отдельных файлов укажите папку (её создадут, если её нет)."
            )
        if not out.exists() and out.suffix.lower() in (".docx", ".pdf", ".xlsx"):
            raise KuratorError(
                f"Для отдельных файлов укажите папку, а не файл «{out.name}» "
                f"(например, {out.with_suffix('')})."
            )
        out.mkdir(parents=True, exist_ok=True)
        return write_split(package, out, settings)
    return [write_package(package, out, settings)]


def _consent_docx(db: Database, out: Path, options: dict[str, Any]) -> Path:
    # deferred: this registry is read when the window builds its menus; the writers behind
    # it load python-docx (a fifth of the start-up), so they load on use
    # deferred: python-docx/openpyxl load only when printing (start-up speed)
    from app.reports.consent_docx import write_consents
    from app.services.people.consent import consent_forms

    teacher = options.get("teacher")
    if teacher is not None:
        with db.session() as s:
            if s.get(Person, int(teacher)) is None:
                raise KuratorError(f"Участник с номером записи {teacher} не найден.")
    forms = consent_forms(db, None if teacher is None else [int(teacher)])
    return write_consents(forms, out, load_page_settings(db))


def _order_docx(db: Database, out: Path, options: dict[str, Any]) -> Path:
    written = export_order_files(db, int(options["order_id"]), out, bool(options.get("split")))
    return out if options.get("split") else written[0]


def _program_docx(db: Database, out: Path, options: dict[str, Any]) -> Path:
    # deferred: this registry is read when the window builds its menus; the writers behind
    # it load python-docx (a fifth of the start-up), so they load on use
    from app.services.programs.programs_document import export_program

    program_id = int(options["order_id"])
    with db.session() as s:
        if s.get(Program, program_id) is None:
            raise KuratorError(
                f"Программа с номером записи {program_id} не найдена "
                "(номера — в списке на вкладке «Программы»)."
            )
    return export_program(db, program_id, out)


def _report_docx(db: Database, out: Path, options: dict[str, Any]) -> Path:
    # deferred: this registry is read when the window builds its menus; the writers behind
    # it load python-docx (a fifth of the start-up), so they load on use
    from app.services.monitoring.halfyear_report import export_report

    return export_report(db, out, options)


def _plan_docx(db: Database, out: Path, options: dict[str, Any]) -> Path:

    return export_plan_docx(db, out, options)


def _plan_xlsx(db: Database, out: Path, options: dict[str, Any]) -> Path:

    return export_plan_xlsx(db, out, options)


KINDS: dict[str, ExportKind] = {
    "mentors-base": ExportKind(
        MENTORS_TITLE, {".xlsx": _table_xlsx(mentors_base), ".docx": _table_docx(mentors_base)}
    ),
    "mentees-base": ExportKind(
        MENTEES_TITLE, {".xlsx": _table_xlsx(mentees_base), ".docx": _table_docx(mentees_base)}
    ),
    "order": ExportKind("Приказ с приложениями", {".docx": _order_docx}, needs_id=True),
    "program": ExportKind("Программа наставничества", {".docx": _program_docx}, needs_id=True),
    "grid": ExportKind(
        "Диагностическая карта", {".xlsx": export_grid_xlsx, ".docx": export_grid_docx}
    ),
    "consent": ExportKind("Согласия на обработку персональных данных", {".docx": _consent_docx}),
    "pairs": ExportKind(PAIRS_TITLE, {".xlsx": _table_xlsx(pairs_table)}),
    "report": ExportKind("Справка по итогам мониторинга наставничества", {".docx": _report_docx}),
    "month-plan": ExportKind(
        "План работы куратора на месяц", {".docx": _plan_docx, ".xlsx": _plan_xlsx}
    ),
}


def get_kind(kind: str) -> ExportKind:
    """The registry entry for ``kind``; ``KuratorError`` listing the known kinds otherwise."""
    try:
        return KINDS[kind]
    except KeyError:
        raise KuratorError(
            f"Неизвестный вид выгрузки «{kind}». Доступны: {', '.join(sorted(KINDS))}."
        ) from None


def run_export(
    db: Database,
    kind: str,
    out: Path,
    order_id: int | None = None,
    split: bool = False,
    **extra: Any,
) -> Path:
    """Write ``kind`` to ``out`` in the format its extension names; returns the file written.

    Raises ``KuratorError`` (in Russian) for an unknown kind, an extension the kind has no
    builder for, a missing folder or a file that cannot be replaced."""
    entry = get_kind(kind)
    out = Path(out)
    if entry.needs_id and order_id is None:
        raise KuratorError(
            "Укажите номер записи: --id N (приказы — в меню «Документы → "
            "Приказы», программы — на вкладке «Программы»)."
        )
    options: dict[str, Any] = {"order_id": order_id, "split": split, **extra}
    if split:
        if kind != "order":
            raise KuratorError("Отдельными файлами (--split) печатается только приказ (order).")
        if not out.parent.is_dir():
            raise KuratorError(f"Папка не найдена: {out.parent}")
        return entry.formats[entry.extensions[0]](db, out, options)
    if out.is_dir():
        raise KuratorError(
            f"{out} — это папка; укажите имя файла, например {out / (entry.title + entry.extensions[0])}"
        )
    if not out.suffix:
        out = out.with_suffix(entry.extensions[0])
    builder = entry.formats.get(out.suffix.lower())
    if builder is None:
        raise KuratorError(f"Для «{entry.title}» доступны форматы: {', '.join(entry.extensions)}")
    if not out.parent.is_dir():
        raise KuratorError(f"Папка не найдена: {out.parent}")
    return builder(db, out, options)
