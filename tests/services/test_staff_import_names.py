"""Staff import keeps names as written: particles only in the patronymic, Excel escapes decoded,
and the window's length limits, with a longer value reported instead of cut."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.models import Person
from app.models.db import Database
from app.models.limits import text_limits
from app.services.people import persons, staff_import
from app.services.people.persons import PersonData
from tests.xlsx_samples import write_table

HEADER = ["ФИО", "Должность", "Примечание"]


def _plan(db: Database, tmp_path: Path, *rows: list[object]) -> staff_import.ImportPlan:
    return staff_import.analyze(db, write_table(tmp_path / "staff.xlsx", [HEADER, *rows]))


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Оглы Мария Ивановна", ("Оглы", "Мария", "Ивановна")),
        ("оглы мария ивановна", ("Оглы", "Мария", "Ивановна")),
        ("ОГЛЫ МАРИЯ ИВАНОВНА", ("Оглы", "Мария", "Ивановна")),
        ("Кызы Лейла Ахмедовна", ("Кызы", "Лейла", "Ахмедовна")),
        ("Мамедов Эльчин Рауф Оглы", ("Мамедов", "Эльчин", "Рауф оглы")),
        ("АЛИЕВА АЙГЮЛЬ РАШИД КЫЗЫ", ("Алиева", "Айгюль", "Рашид кызы")),
    ],
)
def test_a_particle_is_lower_case_only_in_the_patronymic(
    db: Database, tmp_path: Path, cell: str, expected: tuple[str, str, str]
) -> None:
    # GIVEN a list whose surname or patronymic is «оглы»/«кызы» in any case
    # WHEN analysed
    plan = _plan(db, tmp_path, [cell, "Учитель", None])
    # THEN the surname keeps its capital, the patronymic's particle is lower-case
    data = plan.rows[0].data
    assert (data.last_name, data.first_name, data.middle_name) == expected


def test_separate_surname_column_keeps_oglu_capitalised(db: Database, tmp_path: Path) -> None:
    # GIVEN «Фамилия / Имя / Отчество» columns with «оглы» as the surname
    path = write_table(
        tmp_path / "s.xlsx", [["Фамилия", "Имя", "Отчество"], ["оглы", "Самир", "Рауф оглы"]]
    )
    # WHEN analysed THEN the surname is «Оглы», the patronymic keeps «оглы»
    data = staff_import.analyze(db, path).rows[0].data
    assert (data.last_name, data.middle_name) == ("Оглы", "Рауф оглы")


def test_excel_escapes_are_decoded_then_cleaned(db: Database, tmp_path: Path) -> None:
    # GIVEN cells holding Excel's «_xHHHH_» escapes as openpyxl leaves them
    plan = _plan(
        db,
        tmp_path,
        [
            "Иванова_x000B_Мария_x000D__x000A_Петровна",
            "Учитель_x0009_истории",
            "строка один_x000D_строка два",
        ],
        ["Петров Иван Сергеевич", "Завхоз_x005F_x000B_", "Учитель_x0001_музыки"],
    )
    # WHEN analysed
    first, second = (r.data for r in plan.rows)
    # THEN the escapes became characters and the usual cleaning made them spaces or breaks
    assert first.full_name == "Иванова Мария Петровна"
    assert first.position == "Учитель истории"
    assert first.notes == "строка один\nстрока два"
    # AND an escaped underscore keeps the rest literal, as Excel means it
    assert second.position == "Завхоз_x000B_"
    # AND any other control character separated words, so it is a space too
    assert second.notes == "Учитель музыки"
    assert "_x00" not in " ".join(str(v) for v in vars(first).values())


def test_the_limits_are_the_models_for_window_importer_and_exchange() -> None:
    # GIVEN the column limits of a person
    limits = text_limits(Person)
    # WHEN the window's validation meets a surname one character longer
    data = PersonData(last_name="Я" * (limits["last_name"] + 1), first_name="Анна")
    # THEN it is refused with the same limit
    with pytest.raises(persons.ValidationError) as caught:
        persons.validate(data)
    assert caught.value.errors["last_name"] == "Не длиннее 100 знаков (сейчас 101)."
    assert limits["last_name"] == 100 and limits["position"] == 200


def test_a_name_over_the_limit_refuses_the_row_and_quotes_it_briefly(
    db: Database, tmp_path: Path
) -> None:
    # GIVEN a surname of 101 letters and one of exactly 100
    long_name = "Я" * 101
    plan = _plan(
        db,
        tmp_path,
        [f"{long_name} Анна Ивановна", None, None],
        [f"{'Ю' * 100} Олег Петрович", None, None],
    )
    # WHEN analysed
    refused = {s.row_number: s.reason for s in plan.refused}
    # THEN the longer row is refused, naming the field, the limit and the length
    assert list(refused) == [2]
    assert refused[2] == "фамилия «Я" + "я" * 59 + "…»: не длиннее 100 знаков (сейчас 101)"
    # AND the 100-letter surname is loaded whole, not cut
    assert [len(r.data.last_name) for r in plan.rows] == [100]


def test_another_text_over_the_limit_is_left_empty_with_a_remark(
    db: Database, tmp_path: Path
) -> None:
    # GIVEN a position of 250 characters (the column holds 200)
    plan = _plan(db, tmp_path, ["Иванова Мария Петровна", "Должность " * 25, None])
    # WHEN analysed and applied
    row = plan.rows[0]
    staff_import.apply_plan(db, plan)
    # THEN the person is loaded, the position empty, and the remark says why
    assert row.data.position == ""
    assert row.note.startswith("Должность «Должность Должность")
    assert "не длиннее 200 знаков (сейчас 249) — оставлено пустым" in row.note
    with db.session() as s:
        assert s.scalar(select(func.max(func.length(Person.position)))) == 0
