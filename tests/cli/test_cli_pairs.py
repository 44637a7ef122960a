"""Command line: ``export pairs`` writes the pairs list as XLSX, read back cell by cell."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.services.pairs import pairs
from app.services.pairs.pair_data import DirectionPick, PairData
from app.services.people.persons import PersonData, save_person
from app.services.storage.workspace import open_workspace


@pytest.fixture(autouse=True)
def _close_log_file() -> Iterator[None]:
    """``main`` opens logs/kurator.log in the data folder; close it after each test."""
    yield
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_kurator", False)]:
        root.removeHandler(handler)
        handler.close()


def _populate(root: Path) -> None:
    ws = open_workspace(root, start_backup=False)
    try:
        db = ws.db
        mentor = save_person(
            db,
            PersonData(
                last_name="Захарова",
                first_name="Анастасия",
                middle_name="Анатольевна",
                position="Учитель",
            ),
        )
        a = save_person(
            db,
            PersonData(
                last_name="Петров",
                first_name="Пётр",
                middle_name="Петрович",
                position="Учитель физики",
            ),
        )
        b = save_person(
            db,
            PersonData(
                last_name="Сидорова", first_name="Анна", middle_name="Ивановна", position="Учитель"
            ),
        )
        from app.services.grid import grid_state

        ikt = next(d for d in grid_state.directions(db) if d.label == "ИКТ")
        pairs.save_pair(
            db,
            PairData(
                mentor_id=mentor,
                mentee_ids=[a],
                form="учитель – учитель",
                kinds=["традиционное («один на один»)"],
                start_date=dt.date(2026, 9, 1),
                end_date=dt.date(2027, 5, 31),
                status="active",
                mode="очный",
                schedule="вторник, 15:00",
                consent_date=dt.date(2026, 8, 25),
                order_number="118",
                order_date=dt.date(2026, 9, 1),
                directions=[DirectionPick(ikt.id, "не работает с электронным журналом\x07")],
            ),
            today=dt.date(2026, 11, 24),
        )
        pairs.save_pair(
            db,
            PairData(
                mentor_id=mentor,
                mentee_ids=[a, b],
                is_group=True,
                form="учитель – учитель",
                start_date=dt.date(2026, 10, 1),
                end_date=dt.date(2027, 3, 31),
            ),
            today=dt.date(2026, 11, 24),
        )
    finally:
        ws.close(backup=False)


def test_export_pairs_writes_every_pair_with_people_and_dates(tmp_path: Path) -> None:
    # GIVEN a data folder with a pair and a group
    root = tmp_path / "data"
    _populate(root)
    out = tmp_path / "pairs.xlsx"
    # WHEN the pairs are exported from the command line
    assert main(["export", "pairs", "--data-dir", str(root), "--out", str(out)]) == 0
    # THEN the sheet holds both rows, people with positions, real dates and the order
    ws = load_workbook(out).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    header = next(i for i, r in enumerate(values) if r[0] == "№")
    assert values[header][:3] == ["№", "Наставник, должность", "Наставляемые, должность"]
    first, second = values[header + 1], values[header + 2]
    assert first[:4] == [
        1,
        "Захарова Анастасия Анатольевна, учитель",
        "Петров Пётр Петрович, учитель физики",
        "учитель – учитель\nтрадиционное («один на один»)",
    ]
    assert first[4] == "ИКТ-компетенции: не работает с электронным журналом"
    assert first[5] == "01.09.2026–\n31.05.2027"
    assert first[6] == "действует\n№ 118 от 01.09.2026"
    assert second[2] == (
        "группа (2):\nПетров Пётр Петрович, учитель физики\nСидорова Анна Ивановна, учитель"
    )
    assert second[6] == "планируется"
