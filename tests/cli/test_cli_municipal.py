"""`export-data --for-municipality` and `municipal add/list/export`: the methodical office
collects the schools' files into its store and prints the heat map and the summary — with
the store in the data folder (SQLite) and on a PostgreSQL server (``any_store``)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import func, select, text

from app.cli import EXIT_ERROR, EXIT_OK, main
from app.models.db import Database
from app.models.municipal import StoredSchool, StoredTeacher, StoreSchema
from app.reports.municipal_data import TOTAL_LABEL
from app.services.municipal import store as municipal
from app.services.municipal.views import heat_map
from app.services.storage import exchange
from app.ui.window import launcher
from tests.conftest import StoreAt
from tests.municipal_files import OTHER_NAME, school_file, variant
from tests.prebuilt import DemoSchool

TEACHERS = select(func.count()).select_from(StoredTeacher)


def _stamps(at: StoreAt) -> list[str]:
    """The stored schools' file dates, to the second."""
    return [r[0].isoformat(" ") for r in at.rows(select(StoredSchool.file_date))]


def test_file_for_the_office_has_no_contacts_and_cannot_restore_a_school(
    demo_school: DemoSchool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # GIVEN the demo school, whose teachers have phones, e-mails and birth dates
    ws = demo_school()
    con = sqlite3.connect(ws.paths.db)
    phones, emails, births = zip(
        *con.execute("SELECT phone, email, birth_date FROM persons WHERE phone != ''"),
        strict=True,
    )
    con.close()
    ws.close(backup=False)
    out, target = tmp_path / "для-ГМК.json", tmp_path / "other"
    # WHEN it is exported for the municipality
    code = main(
        ["export-data", "--for-municipality", "--data-dir", str(ws.paths.root), "--out", str(out)]
    )
    said = capsys.readouterr().out
    # THEN the file keeps names and positions, has none of the contacts, and says so
    assert code == EXIT_OK and "Телефоны, электронная почта, даты рождения" in said
    raw = out.read_text(encoding="utf-8")
    doc = json.loads(raw)
    assert doc["minimised"] == "municipality"
    assert phones and not any(p in raw for p in phones)
    assert not any(e in raw for e in emails)
    assert not any(b in raw for b in births if b)
    for table, columns in exchange.minimised_columns().items():
        for row in doc["tables"].get(table, []):
            assert not set(columns) & set(row), table
    person = doc["tables"]["persons"][0]
    assert person["last_name"] and "position" in person
    # AND importing it into a school folder is refused with a Russian reason
    code = main(["import-data", str(out), "--data-dir", str(target)])
    err = capsys.readouterr().err
    assert code == EXIT_ERROR
    assert "выгружен для методического кабинета" in err and "восстановить" in err
    con = sqlite3.connect(target / "kurator.sqlite")
    assert con.execute("SELECT count(*) FROM persons").fetchone() == (0,)
    con.close()


def test_add_two_schools_then_list_them(
    demo_school: DemoSchool, tmp_path: Path, capsys: pytest.CaptureFixture[str], any_store: StoreAt
) -> None:
    # GIVEN the files of two schools (one minimised)
    base = school_file(demo_school, tmp_path)
    first = variant(base, tmp_path / "a.json", inn="3801000001")
    base["minimised"] = "municipality"
    second = variant(
        base, tmp_path / "b.json", name=OTHER_NAME, short="МБОУ «Знаменская СОШ»", inn="3801000002"
    )
    # WHEN both are added and the store is listed
    code = main(["municipal", "add", str(first), str(second), *any_store.args])
    added = capsys.readouterr().out
    assert main(["municipal", "list", *any_store.args]) == EXIT_OK
    listed = capsys.readouterr().out
    # THEN both schools are stored with their teachers, file dates and figures
    assert code == EXIT_OK
    assert added.count("Добавлено:") == 2 and "Файл сокращённый" in added
    sc = StoredSchool
    rows = any_store.rows(select(sc.full_name, sc.inn, sc.file_date, sc.teachers, sc.minimised))
    assert sorted(r[1] for r in rows) == ["3801000001", "3801000002"]
    assert {r[3] for r in rows} == {25} and sorted(r[4] for r in rows) == [False, True]
    assert {r[2] for r in rows} == {dt.datetime(2026, 12, 1, 10, 0)}
    assert any_store.rows(TEACHERS) == [(50,)]
    assert "Школ в кабинете: 2." in listed and OTHER_NAME in listed
    assert "файл от 01.12.2026 10:00: педагогов 25" in listed


def test_newer_file_replaces_the_school_and_older_or_equal_files_are_refused(
    demo_school: DemoSchool, tmp_path: Path, capsys: pytest.CaptureFixture[str], any_store: StoreAt
) -> None:
    # GIVEN a school's files of December and of January
    base = school_file(demo_school, tmp_path)
    december = variant(base, tmp_path / "dec.json", stamp="2026-12-20T09:00:00")
    january = variant(base, tmp_path / "jan.json", stamp="2027-01-15T12:30:00")
    store = any_store.args
    assert main(["municipal", "add", str(december), *store]) == EXIT_OK
    # WHEN the January file comes, then December again, then January again
    newer = main(["municipal", "add", str(january), *store])
    said = capsys.readouterr()
    older = main(["municipal", "add", str(december), *store])
    older_err = capsys.readouterr().err
    same = main(["municipal", "add", str(january), *store])
    same_err = capsys.readouterr().err
    # THEN the January snapshot replaced December's; the others are refused, nothing changed
    assert newer == EXIT_OK and "Обновлено:" in said.out
    assert (older, same) == (EXIT_ERROR, EXIT_ERROR)
    assert "старше уже загруженного" in older_err and "от 15.01.2027 12:30:00" in older_err
    assert "уже загружен" in same_err and "Данные кабинета не изменены" in same_err
    assert _stamps(any_store) == ["2027-01-15 12:30:00"]
    assert any_store.rows(TEACHERS) == [(25,)]


def test_a_renamed_school_is_merged_only_when_asked(
    demo_school: DemoSchool, tmp_path: Path, capsys: pytest.CaptureFixture[str], any_store: StoreAt
) -> None:
    # GIVEN a stored school and its next file under a new name with the same INN
    base = school_file(demo_school, tmp_path)
    old = variant(base, tmp_path / "old.json", stamp="2026-12-20T09:00:00", inn="3801000001")
    new = variant(
        base, tmp_path / "new.json", stamp="2027-05-30T09:00:00", name=OTHER_NAME, inn="3801000001"
    )
    store = any_store.args
    assert main(["municipal", "add", str(old), *store]) == EXIT_OK
    capsys.readouterr()
    # WHEN the renamed file is added without, then with --merge-renamed
    refused = main(["municipal", "add", str(new), *store])
    err = capsys.readouterr().err
    kept = any_store.rows(select(StoredSchool.full_name))
    merged = main(["municipal", "add", str(new), "--merge-renamed", *store])
    out = capsys.readouterr().out
    # THEN the first is refused with the hint, the second merges into the one school
    assert refused == EXIT_ERROR and "--merge-renamed" in err and "под другим названием" in err
    assert len(kept) == 1 and kept[0][0] != OTHER_NAME
    assert merged == EXIT_OK and "прежнее название" in out
    assert any_store.rows(select(StoredSchool.full_name)) == [(OTHER_NAME,)]


def test_every_check_of_import_data_applies_and_nothing_changes(
    demo_school: DemoSchool, tmp_path: Path, capsys: pytest.CaptureFixture[str], any_store: StoreAt
) -> None:
    # GIVEN a store with one school, a truncated file and a file with a nameless teacher
    base = school_file(demo_school, tmp_path)
    good = variant(base, tmp_path / "good.json")
    truncated = tmp_path / "cut.json"
    truncated.write_text(good.read_text(encoding="utf-8")[:5000], encoding="utf-8")
    broken = json.loads(json.dumps(base))
    broken["exported_at"] = "2027-01-01T00:00:00"
    broken["tables"]["persons"][0]["last_name"] = ""
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    store = any_store.args
    assert main(["municipal", "add", str(good), *store]) == EXIT_OK
    capsys.readouterr()
    # WHEN both bad files are added
    code = main(["municipal", "add", str(truncated), str(bad), *store])
    err = capsys.readouterr().err
    # THEN each is refused in Russian and the stored snapshot is untouched
    assert code == EXIT_ERROR
    assert "повреждён" in err and "проходит проверку" in err
    assert "Не добавлено файлов: 2 из 2." in err
    assert _stamps(any_store) == ["2026-12-01 10:00:00"]
    assert any_store.rows(TEACHERS) == [(25,)]


def test_a_failure_while_writing_leaves_the_older_snapshot(
    demo_school: DemoSchool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, any_store: StoreAt
) -> None:
    # GIVEN a stored school and its newer file
    base = school_file(demo_school, tmp_path)
    store = any_store.open()
    municipal.add_file(store, variant(base, tmp_path / "a.json"))
    newer = variant(base, tmp_path / "b.json", stamp="2027-01-01T00:00:00")

    def fail(*_args: object) -> None:
        raise OSError("disk gone")

    # WHEN writing the new rows fails after the old ones were deleted
    monkeypatch.setattr(municipal, "_insert_rows", fail)
    with pytest.raises(OSError):
        municipal.add_file(store, newer)
    store.dispose()
    # THEN the old snapshot is whole: the import was one transaction
    assert any_store.rows(TEACHERS) == [(25,)]
    assert _stamps(any_store) == ["2026-12-01 10:00:00"]


def test_heat_map_and_summary_are_written_and_read_back(
    demo_school: DemoSchool, tmp_path: Path, capsys: pytest.CaptureFixture[str], any_store: StoreAt
) -> None:
    # GIVEN a store with two schools, the second sent its file before the period
    base = school_file(demo_school, tmp_path)
    a = variant(base, tmp_path / "a.json", stamp="2026-12-20T09:00:00")
    b = variant(
        base, tmp_path / "b.json", stamp="2026-08-01T09:00:00", name=OTHER_NAME, short="Знаменская"
    )
    data = any_store.args
    assert main(["municipal", "add", str(a), str(b), *data]) == EXIT_OK
    xlsx, docx = tmp_path / "карта.xlsx", tmp_path / "справка.docx"
    # WHEN the heat map and the summary for the autumn are exported
    heat_code = main(["municipal", "export", "heatmap", "--out", str(xlsx), *data])
    summary_code = main(
        [
            "municipal",
            "export",
            "summary",
            "--out",
            str(docx),
            "--from",
            "01.09.2026",
            "--to",
            "31.12.2026",
            *data,
        ]
    )
    # THEN the sheet holds the schools × directions with the total row, as the store says
    assert (heat_code, summary_code) == (EXIT_OK, EXIT_OK)
    store = any_store.open()
    expected = heat_map(store)
    store.dispose()
    sheet = load_workbook(xlsx).active
    assert sheet is not None
    header = [c.value for c in sheet[3]]
    assert header[0] == "Школа" and header[1:] == expected.short_directions
    total = [c.value for c in sheet[6]]
    assert total[0] == TOTAL_LABEL
    assert total[1:] == [c.text for c in expected.total.cells]
    assert sheet.cell(row=6, column=2).fill.start_color.rgb.endswith(expected.total.cells[0].fill)
    # AND the summary names the period, the school covered and the one missing
    document = Document(str(docx))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Период: с 01.09.2026 по 31.12.2026." in text
    assert "Данные представили школ: 1 (МБОУ «Берёзовская СОШ»)" in text
    assert "Не представили данных за период школ: 1 (Знаменская)" in text
    assert "Выводы и предложения" in text and "представили 1 из 2 школ" in text
    needs = document.tables[0]
    top = max(expected.total.cells, key=lambda c: (c.severe, c.partial))
    assert needs.rows[1].cells[2].text.startswith(f"{top.severe} (")
    assert any("Итого по муниципалитету" in t.rows[-1].cells[0].text for t in document.tables)
    # AND a bad period or format is one Russian line
    capsys.readouterr()
    assert main(["municipal", "export", "summary", "--out", str(docx), "--from", "31.12.2026", "--to", "01.09.2026", *data]) == EXIT_ERROR  # fmt: skip
    assert "позже его конца" in capsys.readouterr().err
    assert main(["municipal", "export", "heatmap", "--out", str(tmp_path / "x.pdf"), *data]) == EXIT_ERROR  # fmt: skip
    assert "Excel (.xlsx) или Word (.docx)" in capsys.readouterr().err


def test_municipal_without_an_action_opens_the_window_over_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, any_store: StoreAt
) -> None:
    # GIVEN the window's start replaced by a recorder
    opened: list[tuple[object, object, bool]] = []

    def run_municipal(store: municipal.MunicipalStore, logs: Path | None) -> int:
        opened.append((store.where, logs, store.is_server))
        return 0

    monkeypatch.setattr(launcher, "run_municipal", run_municipal)
    # WHEN `municipal` runs without an action
    code = main(["municipal", *any_store.args])
    # THEN the window got the store (created, with its tables) and, for a folder, its logs
    assert code == EXIT_OK
    if any_store.is_server:
        assert len(opened) == 1 and opened[0][1:] == (None, True)
        assert "@" in str(opened[0][0]) and "password" not in str(opened[0][0])
    else:
        assert opened == [(str(tmp_path / "gmk"), tmp_path / "gmk" / "logs", False)]
    assert any_store.rows(select(StoreSchema.version)) == [(1,)]


def test_the_environment_names_the_server_store(
    demo_school: DemoSchool,
    tmp_path: Path,
    pg_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # GIVEN KURATOR_DATABASE naming a server database and a school's file
    base = school_file(demo_school, tmp_path)
    monkeypatch.setenv("KURATOR_DATABASE", pg_url)
    local = ["--data-dir", str(tmp_path / "local")]
    # WHEN the file is added and the store listed without --database
    added = main(["municipal", "add", str(variant(base, tmp_path / "a.json")), *local])
    listed = main(["municipal", "list", *local])
    # THEN the school is on the server, and no store file was made in the folder
    assert (added, listed) == (EXIT_OK, EXIT_OK)
    assert "Школ в кабинете: 1." in capsys.readouterr().out
    assert StoreAt("postgresql", tmp_path, pg_url).rows(TEACHERS) == [(25,)]
    assert not (tmp_path / "local" / municipal.STORE_FILE).exists()


@pytest.mark.parametrize(
    ("make_url", "expected"),
    [
        (
            lambda u: (
                u.rsplit("/", 1)[0]
                + "/kt_no_such_db"
                + ("?" + u.split("?", 1)[1] if "?" in u else "")
            ),
            "нет базы данных",
        ),
        (lambda u: "postgresql+psycopg://kurator@127.0.0.1:1/kurator", "Не удаётся подключиться"),
        (lambda u: "mysql://user@host/db", "Адрес базы данных не понят"),
        (lambda u: "ftp://сервер/база", "Адрес базы данных не понят"),
    ],
    ids=["no-database", "unreachable", "other-engine", "not-a-url"],
)
def test_a_wrong_server_address_is_one_russian_line_and_nothing_is_made(
    pg_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    make_url: Any,
    expected: str,
) -> None:
    # GIVEN a wrong server address WHEN the store is listed from it
    code = main(["municipal", "list", "--database", make_url(pg_url), "--data-dir", str(tmp_path)])
    # THEN one Russian line naming the problem, no server text, and no store made anywhere
    err = capsys.readouterr().err
    assert code == EXIT_ERROR
    assert err.startswith("Ошибка: ") and err.count("\n") == 1 and expected in err
    assert "Traceback" not in err and "FATAL" not in err
    assert not (tmp_path / municipal.STORE_FILE).exists()
    server = Database.server(pg_url)
    with server.engine.connect() as conn:
        tables = conn.scalar(text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"))
    server.dispose()
    assert tables == 0
