"""Typed order appendices: the stored JSON of every kind reads into its type and back unchanged."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from app.services.orders import orders
from app.services.orders.appendix_data import (
    BaseForm,
    NoContent,
    PairsTable,
    ProgramAppendix,
    Regulation,
    ResultsTable,
    Roadmap,
    content_from_json,
)
from app.services.orders.order_prefill import new_order
from tests.prebuilt import DemoSchool

# The content of each kind exactly as orders have stored it (and exchange files carry it)
# since the orders were introduced.
STORED: list[tuple[str, type, dict[str, Any]]] = [
    (
        "roadmap",
        Roadmap,
        {
            "rows": [
                {"event": "Совещание", "deadline": "Август", "responsible": "Директор, куратор"}
            ]
        },
    ),
    (
        "regulation",
        Regulation,
        {
            "sections": [{"heading": "1. Общие положения", "paragraphs": ["Абзац.", "Ещё."]}],
            "council_date": "30.08.2026",
            "council_number": "1",
        },
    ),
    ("mentors_base", BaseForm, {"with_data": False, "blank_rows": 3}),
    ("mentees_base", BaseForm, {"with_data": True, "blank_rows": 5}),
    (
        "pairs",
        PairsTable,
        {
            "pair_ids": [4, 9],
            "rows": [
                {
                    "mentor": "Лебедева И. Н., учитель",
                    "mentees": "Смирнова А. А.\nПопова В. В.",
                    "form": "учитель – учитель",
                    "dates": "с 01.10.2026 по 31.05.2027",
                    "pair_id": 4,
                },
                {
                    "mentor": "Вписан вручную",
                    "mentees": "",
                    "form": "",
                    "dates": "",
                    "pair_id": None,
                },
                {
                    "mentor": "Кузнецова Е. А.",
                    "mentees": "Волкова Д. Д.",
                    "form": "учитель – учитель",
                    "dates": "с 01.10.2026 по 31.05.2027",
                    "pair_id": 9,
                },
            ],
        },
    ),
    (
        "results",
        ResultsTable,
        {
            "rows": [
                {
                    "pair": "Кузнецова → Волкова",
                    "program": "Первый год, 01.10.2026 – 31.05.2027",
                    "done": "3 из 4 (75 %)",
                    "result": "выполняется",
                    "program_id": 2,
                }
            ]
        },
    ),
    ("program", ProgramAppendix, {"program_id": 2}),
    ("school_docx", NoContent, {"anything": ["kept", 1]}),
]


@pytest.mark.parametrize(("kind", "kind_type", "stored"), STORED, ids=[k for k, _, _ in STORED])
def test_stored_content_reads_into_its_type_and_writes_back_unchanged(
    kind: str, kind_type: type, stored: dict[str, Any]
) -> None:
    # GIVEN the stored content of an appendix WHEN read
    content = content_from_json(kind, stored)
    # THEN it has the type of its kind, and written back it is the same JSON, key for key
    assert isinstance(content, kind_type)
    assert content.to_json() == stored
    assert list(content.to_json()) == list(stored)


def test_the_pairs_table_names_its_pairs_and_prints_numbered_rows() -> None:
    # GIVEN a stored pairs table with a row typed by hand
    table = content_from_json("pairs", STORED[4][2])
    assert isinstance(table, PairsTable)
    # THEN it names the pairs its rows came from, and prints every row numbered from 1
    assert table.named_pair_ids() == [4, 9]
    assert [r[:2] for r in table.printed_rows()] == [
        ["1", "Лебедева И. Н., учитель"],
        ["2", "Вписан вручную"],
        ["3", "Кузнецова Е. А."],
    ]
    # AND a table built from rows fixes exactly the pairs of its linked rows
    rebuilt = PairsTable.of_rows(table.rows)
    assert rebuilt.pair_ids == [4, 9] and rebuilt.to_json() == STORED[4][2]


def test_a_prefilled_order_is_stored_and_read_back_with_typed_appendices(
    demo_school: DemoSchool,
) -> None:
    # GIVEN the implementation order prefilled for the demo school
    db = demo_school(dt.date(2026, 9, 20)).db
    order = new_order(db, "implementation", dt.date(2026, 9, 20))
    # WHEN saved and read back
    saved = orders.get_order(db, orders.save_order(db, order))
    # THEN every appendix has its type and the same content
    assert [type(a.content) for a in saved.appendices] == [Roadmap, Regulation, BaseForm, BaseForm]
    assert [a.content for a in saved.appendices] == [a.content for a in order.appendices]
    roadmap = saved.appendices[0].content
    assert isinstance(roadmap, Roadmap) and roadmap.rows[0].deadline
