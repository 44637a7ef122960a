"""Builders of realistic, messy staff lists (.xlsx) for import tests, UI tests and benchmarks.

Each ``make_*`` function writes a workbook with openpyxl at ``path`` and returns ``path``; its
docstring says what the importer is expected to make of it (row numbers are Excel's)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

SCHOOL = "Муниципальное бюджетное общеобразовательное учреждение «Знаменская средняя школа»"


def write_table(
    path: Path,
    rows: Sequence[Sequence[Any]],
    merges: Iterable[str] = (),
    sheet_title: str = "Лист1",
) -> Path:
    """A one-sheet workbook: ``rows`` from A1 down (None = empty cell), then ``merges`` such
    as ``"A1:H1"``. The general builder for small focused cases."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title
    _put_rows(ws, rows)
    for rng in merges:
        ws.merge_cells(rng)
    wb.save(path)
    return path


def _put_rows(ws: Worksheet, rows: Sequence[Sequence[Any]], first_row: int = 1) -> None:
    for r, row in enumerate(rows, start=first_row):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(row=r, column=c, value=value)


def _title(ws: Worksheet, row: int, text: str, last_col: str) -> None:
    ws.cell(row=row, column=1, value=text).font = Font(bold=True)
    ws.cell(row=row, column=1).alignment = Alignment(horizontal="center")
    ws.merge_cells(f"A{row}:{last_col}{row}")


def make_titled_staff_xlsx(path: Path) -> Path:
    """Header on row 4 under a merged school name and a merged list title; ФИО in one column.

    Expected: header_row 4; rows 5, 6, 8, 10 loaded (Иванова, Петров, Кузнецова, Смирнов);
    skipped: 7 (initials «Сидорова А.В.»), 9 (пустая строка), 11 (строка итогов);
    rows 12–13 are numbered but empty template rows and are ignored silently."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Педагоги"
    _title(ws, 1, SCHOOL, "I")
    _title(ws, 2, "Список педагогических работников на 01.09.2025 г.", "I")
    _put_rows(
        ws,
        [
            [
                "№ п/п",
                "Ф.И.О. (полностью)",
                "Должность",
                "Преподаваемые предметы",
                "Педагогический стаж",
                "Квалификационная категория",
                "Дата рождения",
                "Контактный телефон",
                "Примечание",
            ],
            [
                1,
                "Иванова Мария Петровна",
                "Учитель",
                "Русский язык, литература",
                15,
                "высшая",
                dt.datetime(1980, 3, 12),
                89131234567,
                None,
            ],
            [
                2,
                "  ПЕТРОВ  иван\u00a0сергеевич ",
                "учитель  ",
                "Математика",
                "12 л. 3 мес.",
                "первая",
                "05.11.1975",
                "8-913-765-43-21",
                None,
            ],
            [3, "Сидорова А.В.", "Учитель", "Химия", 3, None, None, None, None],
            [
                4,
                "Кузнецова Ольга Николаевна",
                "Учитель начальных классов",
                "Начальные классы",
                "15,5",
                "СЗД",
                "1.9.85",
                89991112233.0,
                "в декрете до 2026 г.",
            ],
            [None] * 9,
            [
                5,
                "Смирнов Алексей Викторович",
                "Учитель физической культуры",
                "Физическая культура",
                "7 лет",
                None,
                dt.datetime(1990, 6, 1),
                None,
                None,
            ],
            ["Итого: 5 человек"],
            [6],
            [7],
        ],
        first_row=4,
    )
    ws.merge_cells("A11:I11")
    wb.save(path)
    return path


def make_three_column_xlsx(path: Path) -> Path:
    """Фамилия / Имя / Отчество in three columns from row 1, with typical mistakes.

    Expected: rows 2, 3, 4, 10 loaded (Орлова; Белов without patronymic; Гусейнов Эльдар
    Гасан оглы; Кравцова with стаж 0 and only a birth year, kept in notes);
    skipped: 5 (initials), 6 (нет фамилии), 7 (31.02 is no date), 8 (birth in the future),
    9 (заголовок раздела «Совместители»)."""
    return write_table(
        path,
        [
            [
                "Фамилия",
                "Имя",
                "Отчество",
                "Должность",
                "Стаж работы",
                "Дата рождения",
                "Эл. почта",
                "Телефон",
            ],
            [
                "Орлова",
                "Елена",
                "Игоревна",
                "Учитель",
                22,
                "14.02.1978",
                "orlova@mail.ru",
                "+7 913 000-11-22",
            ],
            ["Белов", "Дмитрий", None, "Учитель информатики", 2, dt.datetime(1999, 10, 5)],
            ["Гусейнов", "Эльдар", "Гасан оглы", "Учитель", "5"],
            ["Захарова", "А.", "А.", "Заместитель директора по УВР"],
            [None, "Ольга", "Сергеевна", "Учитель"],
            ["ВОРОНИНА", "НАТАЛЬЯ", "ПЕТРОВНА", "Учитель", "менее года", "31.02.1990"],
            ["Лебедева", "Анна", "Сергеевна", "Учитель", 4, "01.01.2090"],
            ["Совместители"],
            ["Кравцова", "Ирина", "Олеговна", "Педагог-психолог", "3 мес.", 1987],
        ],
    )


def make_two_row_header_xlsx(path: Path) -> Path:
    """A two-row header: «ФИО» merged over Фамилия/Имя/Отчество on the row below; other headers
    merged down over both rows; merged section titles; a position merged over two people.

    Expected: header_row 2 (two rows), rows 5, 6, 8 loaded (Морозова, Волкова — both
    «Учитель начальных классов» —, Соколов); skipped: 4 and 7 (заголовок раздела)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Кадры"
    _title(ws, 1, "Сведения о педагогических кадрах", "G")
    _put_rows(
        ws,
        [
            ["№", "ФИО", None, None, "Должность", "Стаж", "Дата рождения"],
            [None, "Фамилия", "Имя", "Отчество"],
            ["Начальная школа"],
            [
                1,
                "Морозова",
                "Татьяна",
                "Ивановна",
                "Учитель начальных классов",
                25,
                dt.datetime(1972, 4, 2),
            ],
            [2, "Волкова", "Светлана", "Юрьевна", None, 8, "03.07.1988"],
            ["Основная школа"],
            [3, "Соколов", "Павел", "Андреевич", "Учитель истории", "10", "10.10.1985"],
        ],
        first_row=2,
    )
    for rng in ("B2:D2", "A2:A3", "E2:E3", "F2:F3", "G2:G3", "A4:G4", "E5:E6", "A7:G7"):
        ws.merge_cells(rng)
    wb.save(path)
    return path


def make_duplicates_xlsx(path: Path) -> Path:
    """The same people twice in one file.

    Expected: rows 2, 3, 5 loaded (row 5 is a namesake with another birth date); skipped:
    4 («повтор строки 2»: other case and spaces, date as a date), 6 («повтор строки 3»:
    no birth date)."""
    return write_table(
        path,
        [
            ["ФИО", "Должность", "Дата рождения"],
            ["Иванова Мария Петровна", "Учитель", "12.03.1980"],
            ["Петров Иван Сергеевич", "Учитель", "05.11.1975"],
            ["иванова  мария   петровна", "Учитель", dt.datetime(1980, 3, 12)],
            ["Иванова Мария Петровна", "Учитель", "01.01.1990"],
            ["Петров Иван Сергеевич", "Учитель", None],
        ],
    )


def make_no_header_xlsx(path: Path) -> Path:
    """Data without any header row: the importer must refuse it with a Russian message."""
    return write_table(
        path,
        [
            ["Список на 2025/2026 учебный год"],
            ["Иванова Мария Петровна", "Учитель", 15],
            ["Петров Иван Сергеевич", "Учитель", 12],
        ],
    )


def make_two_sheet_xlsx(path: Path) -> Path:
    """An instructions sheet first (active) and the list on the second sheet «Сотрудники».

    Expected: the list is found on «Сотрудники», header_row 1, rows 2 and 3 loaded."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Инструкция"
    ws["A1"] = "Заполните лист «Сотрудники». Даты — в формате ДД.ММ.ГГГГ."
    staff = wb.create_sheet("Сотрудники")
    _put_rows(
        staff,
        [
            ["ФИО", "Должность"],
            ["Орлова Елена Игоревна", "Учитель"],
            ["Белов Дмитрий Андреевич", "Учитель"],
        ],
    )
    wb.save(path)
    return path


_SURNAMES = [
    ("Иванов", "Иванова"),
    ("Петров", "Петрова"),
    ("Смирнов", "Смирнова"),
    ("Кузнецов", "Кузнецова"),
    ("Попов", "Попова"),
    ("Васильев", "Васильева"),
    ("Соколов", "Соколова"),
    ("Михайлов", "Михайлова"),
    ("Новиков", "Новикова"),
    ("Фёдоров", "Фёдорова"),
    ("Морозов", "Морозова"),
    ("Волков", "Волкова"),
    ("Алексеев", "Алексеева"),
    ("Лебедев", "Лебедева"),
    ("Семёнов", "Семёнова"),
    ("Егоров", "Егорова"),
    ("Павлов", "Павлова"),
    ("Козлов", "Козлова"),
    ("Степанов", "Степанова"),
    ("Николаев", "Николаева"),
    ("Орлов", "Орлова"),
    ("Андреев", "Андреева"),
    ("Макаров", "Макарова"),
    ("Никитин", "Никитина"),
    ("Захаров", "Захарова"),
    ("Зайцев", "Зайцева"),
    ("Соловьёв", "Соловьёва"),
    ("Борисов", "Борисова"),
    ("Яковлев", "Яковлева"),
    ("Григорьев", "Григорьева"),
]
_MALE = [
    "Александр",
    "Алексей",
    "Андрей",
    "Дмитрий",
    "Евгений",
    "Иван",
    "Игорь",
    "Максим",
    "Михаил",
    "Николай",
    "Олег",
    "Павел",
    "Сергей",
    "Юрий",
    "Владимир",
]
_FEMALE = [
    "Анна",
    "Галина",
    "Екатерина",
    "Елена",
    "Ирина",
    "Людмила",
    "Марина",
    "Мария",
    "Наталья",
    "Ольга",
    "Светлана",
    "Татьяна",
    "Юлия",
    "Валентина",
    "Надежда",
]
_FATHERS = [
    ("Александрович", "Александровна"),
    ("Иванович", "Ивановна"),
    ("Петрович", "Петровна"),
    ("Сергеевич", "Сергеевна"),
    ("Николаевич", "Николаевна"),
    ("Викторович", "Викторовна"),
    ("Андреевич", "Андреевна"),
    ("Юрьевич", "Юрьевна"),
    ("Михайлович", "Михайловна"),
    ("Владимирович", "Владимировна"),
]
_POSITIONS = [
    ("Учитель", "Математика"),
    ("Учитель", "Русский язык, литература"),
    ("Учитель начальных классов", "Начальные классы"),
    ("Учитель", "История"),
    ("Учитель", "Английский язык"),
    ("Педагог-психолог", ""),
    ("Учитель", "Физическая культура"),
    ("Социальный педагог", ""),
]
_CATEGORIES = ["высшая", "первая", "СЗД", ""]


def make_staff_xlsx(path: Path, n_rows: int) -> Path:
    """A big, clean-ish list for benchmarks: title, blank row, header on row 3, ``n_rows``
    distinct people from row 4 (dates as dates and as text, phones as numbers).

    Expected: header_row 3 and every one of the ``n_rows`` rows loaded."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Сотрудники"
    _title(ws, 1, "Список педагогических работников", "I")
    ws.append([])
    ws.append(
        [
            "№",
            "ФИО",
            "Должность",
            "Предмет",
            "Стаж",
            "Категория",
            "Дата рождения",
            "Телефон",
            "E-mail",
        ]
    )
    for i in range(n_rows):
        female = i % 3 != 0
        surname = _SURNAMES[i % len(_SURNAMES)][female]
        first = (_FEMALE if female else _MALE)[(i // len(_SURNAMES)) % 15]
        father = _FATHERS[(i // (len(_SURNAMES) * 15)) % len(_FATHERS)][female]
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=(i * 7) % (40 * 365))
        position, subject = _POSITIONS[i % len(_POSITIONS)]
        ws.append(
            [
                i + 1,
                f"{surname} {first} {father}",
                position,
                subject,
                1 + i % 40,
                _CATEGORIES[i % len(_CATEGORIES)],
                birth.strftime("%d.%m.%Y") if i % 4 == 0 else dt.datetime.combine(birth, dt.time()),
                89130000000 + i,
                f"teacher{i}@school.ru",
            ]
        )
    wb.save(path)
    return path
