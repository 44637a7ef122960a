"""Staff import from an Excel (.xlsx) list: header detection, column mapping, row checks, insert.

``analyze`` reads the file and decides row by row what would be loaded and why the rest is not;
``apply_plan`` writes the loadable rows in one transaction. Nothing here talks to the user
except through Russian strings in the plan and the errors."""

from __future__ import annotations

import datetime as dt
import logging
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from sqlalchemy import insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.core.textutil import clean_text, format_date, name_key
from app.errors import KuratorError, ValidationError
from app.models import Person
from app.models.db import Database
from app.services.people.persons import PersonData, validate
from app.services.people.staff_import_cells import (
    INITIALS_RE,
    NAME_FIELDS,
    NAME_PARTS,
    RowSkip,
    cell_text,
    decode_escapes,
    detect_mapping,
    field_for_header,
    has_name,
    is_empty,
    looks_like_name,
    parse_person,
    shown,
)

log = logging.getLogger(__name__)

FIELDS: dict[str, str] = {
    "full_name": "ФИО (в одном столбце)",
    "last_name": "Фамилия",
    "first_name": "Имя",
    "middle_name": "Отчество",
    "position": "Должность",
    "subjects": "Предметы",
    "experience_years": "Педагогический стаж, лет",
    "category": "Квалификационная категория",
    "education": "Образование",
    "phone": "Телефон",
    "email": "Электронная почта",
    "birth_date": "Дата рождения",
    "consent_date": "Дата согласия на обработку ПДн",
    "notes": "Примечание",
}

HEADER_SCAN_ROWS = 30
_TOTAL_RE = re.compile(r"^(итого|всего)(?![а-я])")
_PERSON_COLUMNS = (
    "last_name",
    "first_name",
    "middle_name",
    "position",
    "subjects",
    "experience_years",
    "category",
    "education",
    "phone",
    "email",
    "birth_date",
    "consent_date",
    "notes",
    "archived",
)


@dataclass
class PlannedRow:
    """A file row that will become a new person; ``note`` holds non-blocking remarks."""

    row_number: int
    data: PersonData
    note: str = ""


@dataclass
class SkippedRow:
    """A file row that will not be loaded, with the reason in Russian.

    ``service`` rows hold nobody (blank, totals, section titles); ``repeat`` rows repeat a
    person loaded from an earlier row. Neither is a person lost, unlike the other skipped rows
    (initials only, no first name…)."""

    row_number: int
    reason: str
    service: bool = False
    repeat: bool = False

    @property
    def refused(self) -> bool:
        """A row that looks like a person but cannot be loaded."""
        return not (self.service or self.repeat)

    @property
    def kind(self) -> str:
        return "service" if self.service else "repeat" if self.repeat else "refused"


@dataclass
class ImportPlan:
    """What ``apply_plan`` would do with a file; ``header_row`` is the Excel row number."""

    path: Path
    sheet_name: str
    sheet_names: list[str]
    header_row: int
    mapping: dict[int, str]
    headers: list[str]
    rows: list[PlannedRow] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    existing: list[SkippedRow] = field(default_factory=list)
    header_rows: int = 1

    def preview(self, n: int = 20) -> list[PlannedRow]:
        """The first ``n`` rows that would be loaded, in file order."""
        return self.rows[:n]

    @property
    def refused(self) -> list[SkippedRow]:
        """Rows that look like a person but will not be loaded: the real losses."""
        return [s for s in self.skipped if s.refused]

    @property
    def service_rows(self) -> list[SkippedRow]:
        return [s for s in self.skipped if s.service]

    @property
    def repeats(self) -> list[SkippedRow]:
        return [s for s in self.skipped if s.repeat]

    def not_loaded(self) -> list[tuple[str, SkippedRow]]:
        """Every row not loaded with its kind («refused», «existing», «repeat», «service»):
        refused people first, blank and service rows last, by row number within a kind."""
        rank = {"refused": 0, "existing": 1, "repeat": 1, "service": 2}
        rows = [(s.kind, s) for s in self.skipped] + [("existing", s) for s in self.existing]
        return sorted(rows, key=lambda e: (rank[e[0]], e[1].row_number))

    def summary(self) -> str:
        """«Будет загружено: 4. Не загружены: 1 (см. список). Уже в базе: 1. Пустых и
        служебных строк: 3.»"""
        return counts_text(
            f"Будет загружено: {len(self.rows)}.",
            len(self.refused),
            f"Уже в базе: {len(self.existing)}.",
            len(self.repeats),
            len(self.service_rows),
            see_list=True,
        )

    def report_lines(self) -> list[str]:
        """The per-row report: where the header is, what each column means, every row not
        loaded (or loaded with a remark), and the counts."""
        where = (
            f"строка заголовков: {self.header_row}"
            if self.header_rows == 1
            else f"строки заголовков: {self.header_row}–{self.header_row + self.header_rows - 1}"
        )
        lines = [f"Файл «{self.path.name}», лист «{self.sheet_name}», {where}.", "Столбцы:"]
        for col, header in enumerate(self.headers):
            key = self.mapping.get(col)
            if not header and key is None:
                continue
            target = FIELDS[key] if key else "не загружается"
            lines.append(
                f"  {get_column_letter(col + 1)} «{shown(header) or 'без заголовка'}» → {target}"
            )
        events = [
            (
                s.row_number,
                f"Строка {s.row_number}: "
                f"{'не загружена' if s.refused else 'пропущена'} — {s.reason}",
            )
            for s in self.skipped
        ]
        events += [
            (s.row_number, f"Строка {s.row_number}: не загружается — {s.reason}")
            for s in self.existing
        ]
        events += [
            (r.row_number, f"Строка {r.row_number}: {r.data.full_name} — замечание: {r.note}")
            for r in self.rows
            if r.note
        ]
        lines += [text for _, text in sorted(events, key=lambda e: e[0])]
        lines.append(self.summary())
        return lines


def counts_text(
    first: str, refused: int, existing: str, repeats: int, service: int, see_list: bool = False
) -> str:
    """The counts line shared by the plan, the result and the dialog; people not loaded are
    counted apart from blank and service rows, which are no loss."""
    parts = [
        first,
        f"Не загружены: {refused}" + (" (см. список)." if see_list and refused else "."),
        existing,
    ]
    if repeats:
        parts.append(f"Повторов в файле: {repeats}.")
    parts.append(f"Пустых и служебных строк: {service}.")
    return " ".join(parts)


@dataclass(frozen=True)
class ImportResult:
    """What ``apply_plan`` did; ``skipped`` counts every row not loaded, ``refused`` only the
    people among them (``service`` and ``repeats`` are the rest)."""

    created: int
    skipped: int
    existing: int
    refused: int = 0
    service: int = 0
    repeats: int = 0

    def summary(self) -> str:
        return counts_text(
            f"Загружено новых: {self.created}.",
            self.refused,
            f"Уже были в базе: {self.existing}.",
            self.repeats,
            self.service,
        )


@dataclass
class _Header:
    row: int  # 0-based index of the first header row
    height: int
    headers: list[str]
    mapping: dict[int, str]


# ---------------------------------------------------------------- reading the workbook


def _open_workbook(path: Path) -> Any:
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise KuratorError(
            f"Файл «{path.name}» в старом формате .xls. Откройте его в Excel или LibreOffice "
            "и сохраните как «Книга Excel (.xlsx)», затем загрузите снова."
        )
    if not path.is_file():
        raise KuratorError(f"Файл не найден: {path}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about unsupported extensions
            return load_workbook(path, data_only=True)
    except PermissionError as exc:
        raise KuratorError(
            f"Нет доступа к файлу «{path.name}». Если он открыт в Excel, "
            "закройте его и попробуйте снова."
        ) from exc
    except (
        InvalidFileException,
        BadZipFile,
        KeyError,
        OSError,
        ValueError,
        TypeError,
        SyntaxError,
    ) as exc:  # SyntaxError: the XML parse errors of ElementTree and lxml
        # (broken XML, entities built to explode or to read a local file)
        log.info("not an xlsx: %s", exc.__class__.__name__)
        raise KuratorError(
            f"Не удалось прочитать «{path.name}»: это не книга Excel (.xlsx) или файл повреждён."
        ) from exc


def _read_sheet(ws: Any) -> tuple[list[list[Any]], list[tuple[int, int, int, int]]]:
    """All cell values (padded to one width) and merged ranges as 0-based (r1, c1, r2, c2)."""
    grid = [[decode_escapes(v) for v in r] for r in ws.iter_rows(min_row=1, values_only=True)]
    width = max((len(r) for r in grid), default=0)
    for r in grid:
        r.extend([None] * (width - len(r)))
    merges = [
        (m.min_row - 1, m.min_col - 1, min(m.max_row, len(grid)) - 1, min(m.max_col, width) - 1)
        for m in ws.merged_cells.ranges
        if m.min_row <= len(grid)
    ]
    return grid, merges


def _fill(grid: list[list[Any]], r1: int, c1: int, r2: int, c2: int) -> None:
    value = grid[r1][c1]
    for r in range(r1, r2 + 1):
        for c in range(c1, c2 + 1):
            grid[r][c] = value


# ---------------------------------------------------------------- header and mapping


def _texts(row: Sequence[Any]) -> list[str]:
    return [cell_text(v) for v in row]


def _detect_header(top: list[list[Any]]) -> _Header | None:
    """The header row with most recognised columns among the first rows (ties: the upper one).

    A two-row header counts when the lower row has «Фамилия»/«Имя»/«Отчество» right under a
    merged «ФИО»; its columns are read from the lower row where it has text."""
    best: _Header | None = None
    best_score = 0
    for r in range(min(HEADER_SCAN_ROWS, len(top))):
        upper = _texts(top[r])
        candidates = [(1, upper, upper)]
        if r + 1 < len(top):
            lower = _texts(top[r + 1])
            parts = [c for c, t in enumerate(lower) if field_for_header(t) in NAME_PARTS]
            if len(parts) >= 2 and all(field_for_header(upper[c]) == "full_name" for c in parts):
                detect = [lo or up for up, lo in zip(upper, lower, strict=True)]
                shown = [
                    f"{up}: {lo}" if up and lo and up != lo else (lo or up)
                    for up, lo in zip(upper, lower, strict=True)
                ]
                candidates.insert(0, (2, detect, shown))
        for height, detect, shown in candidates:
            mapping = detect_mapping(detect)
            score = len(set(mapping.values()))
            if has_name(mapping) and score > best_score:
                best, best_score = _Header(r, height, shown, mapping), score
    return best


def _check_mapping(mapping: dict[int, str], width: int) -> dict[int, str]:
    clean: dict[int, str] = {}
    for col, key in mapping.items():
        if not key:
            continue
        if key not in FIELDS:
            raise KuratorError(f"Неизвестное поле «{key}» в сопоставлении столбцов.")
        if 0 <= col < width:
            clean[col] = key
    if not has_name(clean):
        raise KuratorError(
            "Не выбран столбец с именами: укажите столбец «ФИО» или столбцы «Фамилия» и «Имя»."
        )
    return clean


# ---------------------------------------------------------------- rows of the sheet

_Known = dict[str, list[tuple[dt.date | None, str]]]


def _load_known(s: Session) -> _Known:
    """Persons already in the database: name key → (birth date, how to name them)."""
    known: _Known = {}
    rows = s.execute(
        select(
            Person.last_name,
            Person.first_name,
            Person.middle_name,
            Person.birth_date,
            Person.archived,
        )
    )
    for last, first, middle, birth, archived in rows:
        who = " ".join(p for p in (last, first, middle) if p)
        who += f", {format_date(birth)} г. р." if birth else ""
        who += " (в архиве)" if archived else ""
        known.setdefault(name_key(last, first, middle), []).append((birth, who))
    return known


def _same(candidates: Sequence[tuple[dt.date | None, Any]], birth: dt.date | None) -> Any:
    """The first candidate that is the same person (equal birth dates or one is missing)."""
    for other_birth, payload in candidates:
        if birth is None or other_birth is None or birth == other_birth:
            return payload
    return None


def _is_blank(values: Sequence[Any], mapping: dict[int, str]) -> bool:
    # A template row numbered in the «№» column but otherwise empty counts as blank.
    return all(
        is_empty(v) or (c not in mapping and isinstance(v, int | float))
        for c, v in enumerate(values)
    )


def _is_column_numbers(values: Sequence[Any]) -> bool:
    """The «1 2 3 4 …» row some templates put under the header."""
    filled = [v for v in values if not is_empty(v)]
    return len(filled) >= 3 and all(
        isinstance(v, int | float) and v == i for i, v in enumerate(filled, start=1)
    )


def _section_or_total(values: Sequence[Any], span: int, name_cols: set[int]) -> str | None:
    filled = [(c, v) for c, v in enumerate(values) if not is_empty(v)]
    if any(isinstance(v, str) and _TOTAL_RE.match(clean_text(v).lower()) for _, v in filled):
        return "строка итогов"
    if span >= 3:
        return "заголовок раздела"
    if len(filled) == 1 and isinstance(filled[0][1], str):
        col, text = filled[0][0], cell_text(filled[0][1])
        if col not in name_cols or not (looks_like_name(text) or INITIALS_RE.match(text)):
            return "заголовок раздела"
    return None


def _plan_rows(
    plan: ImportPlan, grid: list[list[Any]], spans: dict[int, int], start: int, known: _Known
) -> None:
    name_cols = {c for c, key in plan.mapping.items() if key in NAME_FIELDS}
    in_file: dict[str, list[tuple[dt.date | None, int]]] = {}
    pending_blanks: list[int] = []
    seen = False
    for idx in range(start, len(grid)):
        number, values = idx + 1, grid[idx]
        if _is_blank(values, plan.mapping):
            if seen:
                pending_blanks.append(number)
            continue
        if not seen and _is_column_numbers(values):
            continue
        # Blank rows only matter between rows with content; trailing ones are ignored.
        plan.skipped += [SkippedRow(n, "пустая строка", service=True) for n in pending_blanks]
        pending_blanks.clear()
        seen = True
        reason = _section_or_total(values, spans.get(idx, 1), name_cols)
        if reason is not None:
            plan.skipped.append(SkippedRow(number, reason, service=True))
            continue
        try:
            data, remarks = parse_person(values, plan.mapping)
        except RowSkip as exc:
            plan.skipped.append(SkippedRow(number, str(exc)))
            continue
        key = name_key(data.last_name, data.first_name, data.middle_name)
        repeat = _same(in_file.get(key, []), data.birth_date)
        if repeat is not None:
            plan.skipped.append(SkippedRow(number, f"повтор строки {repeat}", repeat=True))
            continue
        in_file.setdefault(key, []).append((data.birth_date, number))
        who = _same(known.get(key, []), data.birth_date)
        if who is not None:
            plan.existing.append(SkippedRow(number, f"уже в базе: {who}"))
            continue
        plan.rows.append(PlannedRow(number, data, _join_remarks(remarks)))


def _join_remarks(remarks: list[str]) -> str:
    """«Дата рождения «…» не распознана — оставлена пустой; похоже, в номере телефона…»: one
    sentence of clauses, whether a remark was written as a sentence or as a clause."""
    clauses = [r.rstrip(".") for r in remarks if r]
    text = "; ".join(c[:1].lower() + c[1:] if c[1:2].islower() else c for c in clauses)
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------- public API


def analyze(
    db: Database, path: Path, mapping: dict[int, str] | None = None, sheet: str | None = None
) -> ImportPlan:
    """Read ``path`` and plan the import: header row, column mapping (detected unless given),
    and for every row below the header either a person to create or the reason it is skipped.

    Raises ``KuratorError`` for an unreadable file or when no header row is found."""
    wb = _open_workbook(path)
    try:
        names = list(wb.sheetnames)
        if sheet is not None and sheet not in names:
            raise KuratorError(f"В книге «{path.name}» нет листа «{sheet}».")
        tables = [ws.title for ws in wb.worksheets]  # chart sheets have no cells
        if sheet is not None and sheet not in tables:
            raise KuratorError(f"Лист «{sheet}» в книге «{path.name}» — не таблица.")
        active = wb.active.title if wb.active is not None else ""
        order = [sheet] if sheet else sorted(tables, key=lambda n: n != active)
        for name in order:
            grid, merges = _read_sheet(wb[name])
            top = [list(r) for r in grid[: HEADER_SCAN_ROWS + 1]]
            for r1, c1, r2, c2 in merges:
                if r1 < len(top):
                    _fill(top, r1, c1, min(r2, len(top) - 1), c2)
            header = _detect_header(top)
            if header is not None:
                break
        else:
            where = f"листа «{order[0]}»" if len(order) == 1 else "ни одного листа книги"
            raise KuratorError(
                "Не удалось найти строку заголовков: ожидались столбцы «ФИО» или «Фамилия», "
                f"«Имя», «Отчество» в первых {HEADER_SCAN_ROWS} строках {where}. Проверьте, что "
                "у таблицы есть строка с названиями столбцов."
            )
    finally:
        wb.close()

    width = len(grid[0]) if grid else 0
    start = header.row + header.height
    headers = header.headers + [""] * (width - len(header.headers))
    plan = ImportPlan(
        path=path,
        sheet_name=name,
        sheet_names=names,
        header_row=header.row + 1,
        mapping=_check_mapping(mapping if mapping is not None else header.mapping, width),
        headers=headers,
        header_rows=header.height,
    )
    spans: dict[int, int] = {}
    for r1, c1, r2, c2 in merges:
        if r1 < start:
            continue
        if r2 > r1:  # a value merged down over several rows belongs to each of them
            _fill(grid, r1, c1, r2, c2)
        for r in range(r1, r2 + 1):
            spans[r] = max(spans.get(r, 1), c2 - c1 + 1)
    with db.session() as s:
        known = _load_known(s)
    _plan_rows(plan, grid, spans, start, known)
    log.info(
        "staff import plan %s: %d to load, %d refused, %d service rows, %d repeats, %d existing",
        path.name,
        len(plan.rows),
        len(plan.refused),
        len(plan.service_rows),
        len(plan.repeats),
        len(plan.existing),
    )
    return plan


def apply_plan(db: Database, plan: ImportPlan) -> ImportResult:
    """Insert every planned row in one transaction: all of them or, on any failure, none.

    Persons that appeared in the database since ``analyze`` are counted as existing."""
    for row in plan.rows:
        try:
            validate(row.data)
        except ValidationError as exc:
            raise KuratorError(f"Строка {row.row_number}: {exc} Ничего не загружено.") from exc
    existing = len(plan.existing)
    try:
        with db.session() as s:
            known = _load_known(s)
            payload: list[dict[str, Any]] = []
            for row in plan.rows:
                d = row.data
                key = name_key(d.last_name, d.first_name, d.middle_name)
                if _same(known.get(key, []), d.birth_date) is not None:
                    existing += 1
                    continue
                known.setdefault(key, []).append((d.birth_date, d.full_name))
                payload.append({name: getattr(d, name) for name in _PERSON_COLUMNS})
            if payload:
                s.execute(insert(Person), payload)
    except SQLAlchemyError as exc:
        log.exception("staff import failed, rolled back")
        raise KuratorError(
            "Не удалось записать сотрудников в базу — ничего не загружено, "
            "база осталась как была. Подробности в журнале программы."
        ) from exc
    result = ImportResult(
        created=len(payload),
        skipped=len(plan.skipped),
        existing=existing,
        refused=len(plan.refused),
        service=len(plan.service_rows),
        repeats=len(plan.repeats),
    )
    log.info("staff import applied: %s", result)
    return result
