"""Hostile files through the real command line: workbooks that are not workbooks, XML built to
explode or to read local files, control characters, huge cells and lists, and exchange files
that break every rule of typed input. Each ends in the exact outcome: a Russian refusal with
the database untouched, or a load that keeps only what is sound."""

from __future__ import annotations

import copy
import json
import re
import sqlite3
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.services.storage.exchange import data_tables
from tests.faults.faultkit import (
    Run,
    app,
    assert_russian_only,
    copy_folder,
    in_parallel,
    integrity,
    rows,
)
from tests.faults.hostile import (
    STAFF_SHEET,
    STAFF_STRINGS,
    billion_laughs,
    external_entity,
    shared_strings_xml,
    sheet_xml,
    workbook_xml,
    write_json,
    write_xlsx,
)
from tests.xlsx_samples import make_staff_xlsx

SECRET = "СЕКРЕТ-7f3a9c-ПАРОЛЬ-БУХГАЛТЕРИИ"
NOT_A_WORKBOOK = ("не книга Excel (.xlsx) или файл повреждён",)
IDENTIFIERS = {t.name for t in data_tables()} | {c.name for t in data_tables() for c in t.columns}


@dataclass(frozen=True)
class Outcome:
    """A run of the command on its own copy of the school, with the rows before and after."""

    run: Run
    before: dict[str, int]
    after: dict[str, int]
    folder: Path

    def everything(self) -> str:
        """All a person or a log could read afterwards: output, errors, log, every text
        stored in the database."""
        log = self.folder / "logs" / "kurator.log"
        parts = [
            self.run.out,
            self.run.err,
            log.read_text(encoding="utf-8") if log.exists() else "",
        ]
        con = sqlite3.connect(self.folder / "kurator.sqlite")
        try:
            for table in self.before:
                for row in con.execute(f'SELECT * FROM "{table}"'):  # noqa: S608
                    parts += [str(v) for v in row]
        finally:
            con.close()
        return "\n".join(parts)


def _counts(folder: Path) -> dict[str, int]:
    return {t.name: rows(folder / "kurator.sqlite", t.name) for t in data_tables()}


def _run(folder: Path, *args: str | Path) -> Outcome:
    before = _counts(folder)
    run = app(*args, "--data-dir", folder)
    return Outcome(run, before, _counts(folder), folder)


def _russian(text: str) -> None:
    """``assert_russian_only`` once the file's own words are set aside: the section and field
    names of the documented format, a value quoted from the file («-Infinity», "seeded:…",
    the header «E-mail» of a staff list), and the name of the program whose files these are
    (Excel)."""
    text = re.sub(r'«-?Infinity»|«E-mail»|"[^"]*"', "«»", text)
    text = re.sub(r"\b(?:" + "|".join(sorted(IDENTIFIERS)) + r"|Excel)\b", "", text)
    assert_russian_only(text)


def _assert_refused(outcome: Outcome, words: tuple[str, ...]) -> None:
    """One Russian line naming the problem; not a row of the school changed."""
    run = outcome.run
    assert run.code == 1, (run.code, run.err)
    assert run.out == "", run.out
    assert run.err.startswith("Ошибка: ") and run.err.count("\n") == 1, run.err
    assert len(run.err) < 1000, len(run.err)  # a huge value is never echoed back
    for word in words:
        assert word in run.err, (word, run.err)
    _russian(run.err)
    assert outcome.after == outcome.before
    assert integrity(outcome.folder / "kurator.sqlite") == "ok"


# ---------------------------------------------------------------- exchange files

Doc = dict[str, Any]
Build = Callable[[Doc, Path], Path]


def _edit(change: Callable[[Doc], object]) -> Build:
    """A builder that changes a copy of the demo school's file and writes it."""

    def build(doc: Doc, path: Path) -> Path:
        doc = copy.deepcopy(doc)
        change(doc)
        return write_json(path, doc)

    return build


def _text(make: Callable[[Doc], str]) -> Build:
    """A builder that writes text made from the demo file (JSON this program never writes)."""

    def build(doc: Doc, path: Path) -> Path:
        path.write_text(make(doc), encoding="utf-8")
        return path

    return build


def _person(doc: Doc, **values: Any) -> None:
    doc["tables"]["persons"][0].update(values)


def _raw_value(doc: Doc, raw: str) -> str:
    """The file with the first person's notes replaced by raw JSON text."""
    marker = "@@RAW@@"
    doc = copy.deepcopy(doc)
    _person(doc, notes=marker)
    return json.dumps(doc, ensure_ascii=False).replace(json.dumps(marker), raw)


def _set(section: str, change: Callable[[list[Doc]], object]) -> Callable[[Doc], object]:
    return lambda doc: change(doc["tables"][section])


def _again(section: str, **values: Any) -> Callable[[Doc], object]:
    """Append a copy of the section's first record with ``values`` changed."""
    return _set(section, lambda recs: recs.append({**recs[0], **values}))


FIRST = "запись 1 (id 1)"
EXCHANGE_CASES: dict[str, tuple[str, Build, tuple[str, ...]]] = {
    # whole file
    "no tables": (
        "structure",
        _edit(lambda d: d.update(tables={})),
        ("нет ни одной таблицы", "стёрла бы все данные школы"),
    ),
    "no participants table": (
        "structure",
        _edit(lambda d: d["tables"].pop("persons")),
        ("нет основного раздела — список участников: это не выгрузка школы",),
    ),
    "no record at all": (
        "structure",
        _edit(lambda d: d.update(tables={k: [] for k in d["tables"]})),
        ("нет ни одной записи", "стёрла бы"),
    ),
    "truncated": (
        "structure",
        _text(lambda d: json.dumps(d)[: len(json.dumps(d)) // 2]),
        ("повреждён или это не файл обмена", "ошибка в строке 1"),
    ),
    "empty file": ("structure", _text(lambda d: ""), ("повреждён", "ошибка в строке 1")),
    "foreign JSON": (
        "structure",
        _text(lambda d: '{"name": "web-shop", "version": "1.0.0"}'),
        ("не файл обмена «Куратора» (нет пометки формата)",),
    ),
    "not text": (
        "structure",
        lambda d, p: (p.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe"), p)[1],
        ("не файл обмена «Куратора»",),
    ),
    # the rules of typed input
    "empty surname": (
        "typed input",
        _edit(lambda d: _person(d, last_name="")),
        (f"список участников, {FIRST}", "«last_name» — Укажите фамилию."),
    ),
    "blank first name": (
        "typed input",
        _edit(lambda d: _person(d, first_name="   ")),
        (FIRST, "«first_name» — Укажите имя."),
    ),
    "surname left out": (
        "typed input",
        _edit(lambda d: d["tables"]["persons"][0].pop("last_name")),
        (FIRST, "не заполнены обязательные поля: «last_name»"),
    ),
    "digits in a name": (
        "typed input",
        _edit(lambda d: _person(d, first_name="Анна2")),
        (FIRST, "В имени не бывает цифр."),
    ),
    "name of 101 letters": (
        "typed input",
        _edit(lambda d: _person(d, last_name="Я" * 101)),
        (FIRST, "«last_name»", "не длиннее 100 знаков (сейчас 101)"),
    ),
    "experience 71": (
        "typed input",
        _edit(lambda d: _person(d, experience_years=71)),
        (FIRST, "«experience_years» — Стаж — число лет от 0 до 70."),
    ),
    "experience -1": (
        "typed input",
        _edit(lambda d: _person(d, experience_years=-1)),
        (FIRST, "Стаж — число лет от 0 до 70."),
    ),
    "no such date": (
        "typed input",
        _edit(lambda d: _person(d, birth_date="2025-02-30")),
        (FIRST, "«birth_date»", "нужно дата ГГГГ-ММ-ДД"),
    ),
    "born in the future": (
        "typed input",
        _edit(lambda d: _person(d, birth_date="2999-01-01")),
        (FIRST, "Дата рождения не может быть в будущем."),
    ),
    "mentor leaves before joining": (
        "typed input",
        _edit(_set("mentor_profiles", lambda recs: recs[0].update(date_out="2000-01-01"))),
        (
            "список наставников, запись 1 (person_id 3)",
            "«date_out»",
            "Дата выхода раньше даты вхождения.",
        ),
    ),
    "reference to nobody": (
        "typed input",
        _edit(_set("mentor_profiles", lambda recs: recs[0].update(person_id=99999))),
        ("ссылки на отсутствующие записи (mentor_profiles → persons)", "person_id 99999"),
    ),
    # numbers and sizes
    "integer beyond 64 bits": (
        "numbers and sizes",
        _edit(lambda d: _person(d, experience_years=2**64)),
        ("«experience_years»", "число слишком большое"),
    ),
    "id beyond 64 bits": (
        "numbers and sizes",
        _edit(lambda d: _person(d, id=-(2**63) - 1)),
        ("«id»", "число слишком большое"),
    ),
    "integer of 5000 digits": (
        "numbers and sizes",
        _text(lambda d: _raw_value(d, "9" * 5000)),
        ("число из тысяч цифр",),
    ),
    "nesting 100000 deep": (
        "numbers and sizes",
        _text(lambda d: _raw_value(d, "[" * 100_000 + "]" * 100_000)),
        ("слишком глубокая вложенность",),
    ),
    "NaN": ("numbers and sizes", _text(lambda d: _raw_value(d, "NaN")), ("«NaN», а не число",)),
    "Infinity": ("numbers and sizes", _text(lambda d: _raw_value(d, "-Infinity")), ("а не число",)),
    "1e999": (
        "numbers and sizes",
        _text(lambda d: _raw_value(d, "1e999")),
        ("«1e999», а не число",),
    ),
    "10 MB in a note": (
        "numbers and sizes",
        _edit(lambda d: _person(d, notes="я" * 10_000_000)),
        (FIRST, "«notes»", "не длиннее 100 000 знаков (сейчас 10 000 000)"),
    ),
    "10 MB in a surname": (
        "numbers and sizes",
        _edit(lambda d: _person(d, last_name="Я" * 10_000_000)),
        (FIRST, "не длиннее 100 знаков (сейчас 10 000 000)"),
    ),
    # duplicates
    "same person id twice": (
        "duplicates",
        _edit(_again("persons")),
        ("повторяется запись", "список участников, записи 1 и 26", "«id» = 1"),
    ),
    "same diagnostic cell twice": (
        "duplicates",
        _edit(_again("diagnostic_entries", id=99999)),
        ("повторяется запись", "«round_id», «direction_id» = 1, 1"),
    ),
    "same setting twice": (
        "duplicates",
        _edit(_again("app_settings")),
        ("повторяется запись", "раздел «app_settings»", "«key»"),
    ),
    # characters
    "control character in a name": (
        "characters",
        _edit(lambda d: _person(d, last_name="Ива\u0001нова")),
        (FIRST, "управляющие или недопустимые знаки"),
    ),
    "lone surrogate": (
        "characters",
        _text(lambda d: _raw_value(d, '"\\ud800"')),
        ("управляющие или недопустимые знаки",),
    ),
}


@pytest.fixture(scope="module")
def exchange_runs(
    demo_school: Path, demo_exchange: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Outcome]:
    """Every hostile exchange file imported into its own copy of the demo school (two at a
    time), plus the honest file as the control."""
    root = tmp_path_factory.mktemp("hostile-exchange")
    doc = json.loads(demo_exchange.read_text(encoding="utf-8"))
    jobs = []
    for number, (name, (_kind, build, _words)) in enumerate(EXCHANGE_CASES.items()):
        folder = copy_folder(demo_school, root / f"school-{number}")
        jobs.append((name, folder, build(doc, root / f"школа-{number}.json")))
    honest = copy_folder(demo_school, root / "honest")
    jobs.append(("honest", honest, demo_exchange))
    done = in_parallel(jobs, lambda name, folder, file: (name, _run(folder, "import-data", file)))
    return dict(done)


def test_the_demo_persons_are_where_the_cases_expect_them(demo_exchange: Path) -> None:
    # GIVEN the demo school's file WHEN read THEN the records the cases name are where they say
    tables = json.loads(demo_exchange.read_text(encoding="utf-8"))["tables"]
    assert tables["persons"][0]["id"] == 1 and len(tables["persons"]) == 25
    assert tables["mentor_profiles"][0]["person_id"] == 3
    first = tables["diagnostic_entries"][0]
    assert (first["round_id"], first["direction_id"]) == (1, 1)


@pytest.mark.parametrize("case", list(EXCHANGE_CASES))
def test_a_hostile_exchange_file_is_refused_and_the_school_kept(
    exchange_runs: dict[str, Outcome], case: str
) -> None:
    # GIVEN the demo school and an exchange file bent in one way (see EXCHANGE_CASES)
    # WHEN `import-data` loads it
    outcome = exchange_runs[case]
    # THEN one Russian line names the problem, the table and the record; nothing changed
    _assert_refused(outcome, EXCHANGE_CASES[case][2])


def test_the_honest_exchange_file_still_loads(exchange_runs: dict[str, Outcome]) -> None:
    # GIVEN the untouched demo file WHEN imported THEN every rule above lets it through
    outcome = exchange_runs["honest"]
    assert outcome.run.code == 0, outcome.run.err
    assert "участников — 25" in outcome.run.out
    assert outcome.after == outcome.before


# ---------------------------------------------------------------- workbooks

XlsxBuild = Callable[[Path, Path], Path]  # (file to write, the secret file) → the file


def _zip_not_xlsx(path: Path, _secret: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "Это архив, а не книга Excel.")
    return path


def _long_cells(path: Path, _secret: Path) -> Path:
    """Row 2: a name cell of 100,000 characters; row 3: a position and a note of 100,000;
    row 4 sound. (Written part by part: openpyxl would cut a cell to Excel's 32,767.)"""
    long_name = "Я" * (100_000 - len(" Анна Ивановна")) + " Анна Ивановна"
    strings = [
        "ФИО",
        "Должность",
        "Примечание",
        long_name,
        "Учитель",
        "Длинноваа Ольга Петровна",
        "Д" * 100_000,
        "п" * 100_000,
        "Короткова Анна Сергеевна",
    ]
    return write_xlsx(
        path,
        sheet=sheet_xml([[0, 1, 2], [3, 4], [5, 6, 7], [8, 4]]),
        strings=shared_strings_xml(strings),
    )


def _escapes_and_whitespace(path: Path, _secret: Path) -> Path:
    strings = [
        "ФИО",
        "Должность",
        "Пробелова\tМария\nПетровна",
        "Учитель\rистории",
        "Эскейпова_x000B_Ольга_x000D__x000A_Ивановна",
        "Учитель_x0001_музыки",
    ]
    return write_xlsx(
        path, sheet=sheet_xml([[0, 1], [2, 3], [4, 5]]), strings=shared_strings_xml(strings)
    )


XLSX_CASES: dict[str, tuple[str, XlsxBuild, tuple[str, ...]]] = {
    "not a zip": (
        "not a workbook",
        lambda p, _s: (p.write_bytes(b"PK? just text in a .xlsx"), p)[1],
        NOT_A_WORKBOOK,
    ),
    "empty file": ("not a workbook", lambda p, _s: (p.write_bytes(b""), p)[1], NOT_A_WORKBOOK),
    "zip that is not a workbook": ("not a workbook", _zip_not_xlsx, NOT_A_WORKBOOK),
    "entity bomb in shared strings": (
        "entity bomb",
        lambda p, _s: write_xlsx(
            p,
            strings=shared_strings_xml(
                [*STAFF_STRINGS[:3], "&lol9;"], doctype=billion_laughs("sst")
            ),
        ),
        NOT_A_WORKBOOK,
    ),
    "entity bomb in the sheet": (
        "entity bomb",
        lambda p, _s: write_xlsx(
            p, sheet=sheet_xml([[0, 1], [2, "&lol9;"]], doctype=billion_laughs("worksheet"))
        ),
        NOT_A_WORKBOOK,
    ),
    "external entity in shared strings": (
        "external entities",
        lambda p, s: write_xlsx(
            p,
            strings=shared_strings_xml(
                [*STAFF_STRINGS[:3], "&xxe;"], doctype=external_entity("sst", s)
            ),
        ),
        NOT_A_WORKBOOK,
    ),
    "external entity in the sheet": (
        "external entities",
        lambda p, s: write_xlsx(
            p, sheet=sheet_xml([[0, 1], [2, "&xxe;"]], doctype=external_entity("worksheet", s))
        ),
        NOT_A_WORKBOOK,
    ),
    "external entity in the workbook part": (
        "external entities",
        lambda p, s: write_xlsx(
            p, workbook=workbook_xml(external_entity("workbook", s), sheet_name="&xxe;")
        ),
        NOT_A_WORKBOOK,
    ),
    "entity bomb in the workbook part": (
        "entity bomb",
        lambda p, _s: write_xlsx(
            p, workbook=workbook_xml(billion_laughs("workbook"), sheet_name="&lol9;")
        ),
        NOT_A_WORKBOOK,
    ),
    "raw control character": (
        "control characters",
        lambda p, _s: write_xlsx(
            p,
            strings=shared_strings_xml(["ФИО", "Должность", "Сырова\x01Мария Петровна", "Учитель"]),
        ),
        NOT_A_WORKBOOK,
    ),
    "control character by reference": (
        "control characters",
        lambda p, _s: write_xlsx(
            p,
            strings=shared_strings_xml(
                ["ФИО", "Должность", "Ссылкова&#1;Мария Петровна", "Учитель"]
            ),
        ),
        NOT_A_WORKBOOK,
    ),
}
# Files that load, with what must be in the database afterwards.
XLSX_LOADS: dict[str, tuple[str, XlsxBuild, int]] = {
    "external parameter entity": (
        "external entities",
        lambda p, s: write_xlsx(
            p,
            strings=shared_strings_xml(
                STAFF_STRINGS, doctype=external_entity("sst", s, parameter=True)
            ),
            sheet=sheet_xml(STAFF_SHEET),
        ),
        1,
    ),
    "tabs, breaks and Excel escapes": ("control characters", _escapes_and_whitespace, 2),
    "100,000-character cells": ("huge cells", _long_cells, 2),
}


@pytest.fixture(scope="module")
def secret_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A local file an external entity points at: its text must never come out."""
    path = tmp_path_factory.mktemp("private") / "passwords.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def xlsx_runs(
    demo_school: Path, secret_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Outcome]:
    root = tmp_path_factory.mktemp("hostile-xlsx")
    jobs = []
    builds = {name: case[1] for name, case in {**XLSX_CASES, **XLSX_LOADS}.items()}
    for number, (name, build) in enumerate(builds.items()):
        folder = copy_folder(demo_school, root / f"school-{number}")
        jobs.append((name, folder, build(root / f"список-{number}.xlsx", secret_file)))
    done = in_parallel(jobs, lambda name, folder, file: (name, _run(folder, "import-staff", file)))
    return dict(done)


@pytest.mark.parametrize("case", list(XLSX_CASES))
def test_a_hostile_workbook_is_refused_and_the_school_kept(
    xlsx_runs: dict[str, Outcome], case: str
) -> None:
    # GIVEN the demo school and a workbook that is not one, or whose XML attacks the reader
    # WHEN `import-staff` loads it
    outcome = xlsx_runs[case]
    # THEN one Russian line says it is no workbook or damaged; nothing changed, nothing leaked
    _assert_refused(outcome, XLSX_CASES[case][2])
    assert SECRET not in outcome.everything()


@pytest.mark.parametrize("case", list(XLSX_LOADS))
def test_a_workbook_with_odd_content_loads_only_what_is_sound(
    xlsx_runs: dict[str, Outcome], case: str
) -> None:
    # GIVEN the demo school and a workbook with entities, control characters or huge cells
    # WHEN `import-staff` loads it
    outcome = xlsx_runs[case]
    run = outcome.run
    # THEN it succeeds with the expected number of new people and a report in Russian
    assert run.code == 0, run.err
    added = outcome.after["persons"] - outcome.before["persons"]
    assert added == XLSX_LOADS[case][2], run.out
    assert max(len(line) for line in run.out.splitlines()) < 500  # no cell echoed whole
    _russian(run.out + run.err)
    # AND no local file's text came in, no control character and no over-long text is stored
    text = outcome.everything()
    assert SECRET not in text
    con = sqlite3.connect(outcome.folder / "kurator.sqlite")
    try:
        names = [
            r[0]
            for r in con.execute(
                "SELECT last_name || ' ' || first_name || ' ' || middle_name || '|' || position "
                "FROM persons ORDER BY id DESC LIMIT ?",
                (added,),
            )
        ]
        longest = con.execute(
            "SELECT max(length(last_name)), max(length(position)), max(length(notes)) FROM persons"
        ).fetchone()
    finally:
        con.close()
    assert all(ch >= " " for name in names for ch in name), names
    assert longest[0] <= 100 and longest[1] <= 200 and longest[2] <= 100_000
    if case == "tabs, breaks and Excel escapes":
        assert sorted(names) == [
            "Пробелова Мария Петровна|Учитель истории",
            "Эскейпова Ольга Ивановна|Учитель музыки",
        ]
    if case == "100,000-character cells":
        assert "Строка 2: не загружена — фамилия «Я" in run.out
        assert "не длиннее 100 знаков (сейчас 99 986)" in run.out
        assert "Должность «Дддд" in run.out and "(сейчас 100 000) — оставлено пустым" in run.out
        assert longest[2] == 100_000  # a note of 100,000 is within the limit: kept whole
        assert sorted(names) == ["Длинноваа Ольга Петровна|", "Короткова Анна Сергеевна|Учитель"]


STAFF_ROWS = 50_000


def test_fifty_thousand_rows_load_whole(
    empty_school: Path, fault_root: Path, tmp_path: Path
) -> None:
    # GIVEN an empty school and a list of 50,000 staff (made once; the kill suite shares it)
    xlsx = fault_root / "staff-50k.xlsx"
    if not xlsx.exists():
        make_staff_xlsx(xlsx, STAFF_ROWS)
    folder = copy_folder(empty_school, tmp_path / "school")
    # WHEN `import-staff` loads it
    outcome = _run(folder, "import-staff", xlsx)
    # THEN every row is a person, the report ends with the count, the database is whole
    assert outcome.run.code == 0, outcome.run.err
    assert outcome.after["persons"] == STAFF_ROWS
    assert outcome.run.out.splitlines()[-1].startswith(f"Загружено новых: {STAFF_ROWS}.")
    _russian(outcome.run.out + outcome.run.err)
    assert integrity(folder / "kurator.sqlite") == "ok"
