"""Which columns the bases print, in which order and under which headings, is the curator's."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from app.errors import KuratorError
from app.services.documents import exports
from app.services.pairs import bases
from app.services.pairs.bases import FieldChoice
from app.services.people import persons
from app.services.people.persons import MentorData, PersonData


def test_chosen_fields_order_and_headings_reach_the_file(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a mentor and a regional form with four columns, one renamed
    persons.save_person(
        db,
        PersonData(
            last_name="Орлова",
            first_name="Нина",
            phone="+7 900 1",
            mentor=MentorData(competencies="ИКТ", contact_time="после 15:00"),
        ),
    )
    bases.set_field_choices(
        db,
        "mentors",
        [
            FieldChoice("full_name", "ФИО наставника"),
            FieldChoice("competencies", ""),
            FieldChoice("contact_time", "Когда удобно"),
            FieldChoice("nonsense", "x"),
        ],
    )
    # WHEN the base is exported
    out = exports.run_export(db, "mentors-base", tmp_path / "m.xlsx")
    # THEN exactly those columns appear, in that order, the unknown one dropped
    ws = openpyxl.load_workbook(out).active
    header_row = next(r for r in ws.iter_rows(values_only=True) if r and r[0] == "№")
    assert list(header_row) == ["№", "ФИО наставника", "Ключевые компетенции", "Когда удобно"]
    data_row = next(r for r in ws.iter_rows(values_only=True) if r and r[0] == 1)
    assert list(data_row) == [1, "Орлова Нина", "ИКТ", "после 15:00"]
    # AND the choice is kept for next time
    assert [c.key for c in bases.field_choices(db, "mentors")] == [
        "full_name",
        "competencies",
        "contact_time",
    ]


def test_all_fields_by_default_and_at_least_one_required(db) -> None:  # type: ignore[no-untyped-def]
    # the default is a legible subset, every key a real field
    keys = [c.key for c in bases.field_choices(db, "mentees")]
    assert keys == bases.DEFAULT_KEYS["mentees"]
    assert set(keys) <= {f.key for f in bases.MENTEE_FIELDS}
    with pytest.raises(KuratorError, match="хотя бы один"):
        bases.set_field_choices(db, "mentees", [])
