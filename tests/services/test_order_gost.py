"""ГОСТ details of the printed orders and the half-year report, read back from the .docx:
real roadmap terms, a lone appendix without a number, Russian list punctuation, one term for
the curator, the council's protocol on one line of its stamp, the space under the title."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import docx
import pytest

from app.core.school_year import SchoolYear
from app.models.db import Database
from app.reports.docx_text import list_items, text_em
from app.reports.page_settings import PageSettings
from app.services.documents.exports import run_export
from app.services.orders import order_prefill, orders
from app.services.orders.appendix_data import Roadmap
from app.services.orders.order_document import protocol_lines
from app.services.orders.roadmap_terms import MONTHS, dated_term
from tests.prebuilt import DemoSchool

TODAY = dt.date(2026, 9, 20)
CURATOR_TERM = "внедрения целевой модели наставничества"
_DATE = re.compile(r"(\d{2})\.(\d{2})\.(\d{4})")
_MONTH_YEAR = re.compile(
    rf"({'|'.join(MONTHS)})(?: \d{{4}} г\.)?(?: – ({'|'.join(MONTHS)}))? (\d{{4}}) г\."
)


@pytest.fixture
def demo_db(demo_school: DemoSchool) -> Database:
    return demo_school(TODAY).db


def _paragraphs(path: Path) -> list[str]:
    return [p.text.replace("\u00a0", " ") for p in docx.Document(str(path)).paragraphs]


def _print(db: Database, kind: str, date: dt.date, tmp_path: Path, number: str) -> Path:
    order = order_prefill.new_order(db, kind, date)
    order.number = number
    order_id = orders.save_order(db, order)
    return run_export(db, "order", tmp_path / f"{kind}-{number}.docx", order_id=order_id)


def _roadmap_terms(path: Path) -> list[str]:
    table = next(
        t for t in docx.Document(str(path)).tables if t.rows[0].cells[1].text == "Мероприятие"
    )
    assert table.rows[0].cells[2].text == "Сроки"
    return [row.cells[2].text.replace("\u00a0", " ") for row in table.rows[1:]]


def _earliest_end(term: str) -> dt.date:
    """The earliest day a term may still be kept on: a «до» date, or the end of the first
    month it names (a month in progress is not past)."""
    days = [dt.date(int(y), int(m), int(d)) for d, m, y in _DATE.findall(term)]
    for first, _last, year in _MONTH_YEAR.findall(term.lower()):
        month = MONTHS.index(first) + 1
        nxt = dt.date(int(year) + month // 12, month % 12 + 1, 1)
        days.append(nxt - dt.timedelta(days=1))
    return min(days)


@pytest.mark.parametrize("order_date", [dt.date(2026, 9, 1), dt.date(2026, 10, 20)])
def test_roadmap_terms_carry_a_year_and_none_is_before_the_order(
    demo_db: Database, tmp_path: Path, order_date: dt.date
) -> None:
    # GIVEN the demo school (school year 2026/2027)
    # WHEN the implementation order is drafted on ``order_date`` and printed
    out = _print(demo_db, "implementation", order_date, tmp_path, "112")
    terms = _roadmap_terms(out)
    # THEN every term of the roadmap carries its year
    assert len(terms) >= 12
    for term in terms:
        assert re.search(r"\b20\d\d\b", term), term
        # AND none lies before the order's date
        if "учебного года" in term and not _DATE.search(term) and "г." not in term:
            assert "2026/2027" in term
            continue
        assert _earliest_end(term) >= order_date, (term, order_date)
    # AND the «До 15.09» of the template is a real date at least a week after the order
    assert f"До {max(dt.date(2026, 9, 15), order_date + dt.timedelta(days=7)):%d.%m.%Y}" in terms


def test_a_late_order_moves_past_months_to_its_own_month() -> None:
    # GIVEN the template terms WHEN dated for an order of 20.10.2026
    year, day = SchoolYear(2026), dt.date(2026, 10, 20)
    # THEN months already over become the order's month, later ones keep their own year
    assert dated_term("Август – сентябрь", year, day) == "Октябрь 2026 г."
    assert dated_term("Сентябрь – октябрь", year, day) == "Октябрь 2026 г."
    assert dated_term("Октябрь – ноябрь, далее в течение года", year, day) == (
        "Октябрь – ноябрь 2026 г., далее в течение учебного года"
    )
    assert dated_term("Декабрь, май", year, day) == "Декабрь 2026 г., май 2027 г."
    assert dated_term("До 01.10", year, day) == "До 27.10.2026"
    assert dated_term("До 15.11", year, day) == "До 15.11.2026"
    assert dated_term("В течение года", year, day) == "В течение 2026/2027 учебного года"
    # AND a school year already over gives way to the order's own
    late = dt.date(2027, 9, 10)
    assert dated_term("В течение года", year, late) == "В течение 2027/2028 учебного года"
    assert dated_term("До 15.09", year, late) == "До 17.09.2027"
    # AND a term in the curator's own words is kept
    assert dated_term("По программе наставничества", year, day) == "По программе наставничества"


def test_roadmap_terms_stay_editable(demo_db: Database) -> None:
    # GIVEN a drafted implementation order
    order = order_prefill.new_order(demo_db, "implementation", dt.date(2026, 9, 1))
    roadmap = order.appendices[0].content
    assert isinstance(roadmap, Roadmap)
    # WHEN the curator rewrites a term and saves
    roadmap.rows[0].deadline = "До 05.09.2026"
    order_id = orders.save_order(demo_db, order)
    # THEN the order keeps the curator's term
    saved = orders.get_order(demo_db, order_id).appendices[0].content
    assert isinstance(saved, Roadmap)
    assert saved.rows[0].deadline == "До 05.09.2026"


def test_a_lone_appendix_has_no_number(demo_db: Database, tmp_path: Path) -> None:
    # GIVEN the pairs order: one appendix, the list of pairs
    out = _print(demo_db, "pairs", TODAY, tmp_path, "127")
    texts = _paragraphs(out)
    # THEN its stamp reads «Приложение к приказу …» without a number
    i = texts.index("Приложение")
    assert texts[i + 1] == "к приказу МБОУ «Берёзовская СОШ»"
    assert texts[i + 2] == "от 20.09.2026 № 127"
    assert not any(re.match(r"Приложение \d", t) for t in texts)
    # AND the order refers to it as «согласно приложению»
    assert any("согласно приложению к настоящему приказу" in t for t in texts)


def test_several_appendices_are_numbered(demo_db: Database, tmp_path: Path) -> None:
    # GIVEN the implementation order: four appendices
    out = _print(demo_db, "implementation", dt.date(2026, 9, 1), tmp_path, "112")
    texts = _paragraphs(out)
    # THEN they are «Приложение 1» … «Приложение 4» and the text names them by number
    assert [t for t in texts if re.fullmatch(r"Приложение \d", t)] == [
        f"Приложение {n}" for n in range(1, 5)
    ]
    joined = " ".join(texts)
    assert "согласно приложению 1 к настоящему приказу" in joined
    assert "согласно приложениям 3 и 4 к настоящему приказу" in joined


def test_an_order_left_with_one_appendix_drops_the_number_in_its_text(
    demo_db: Database, tmp_path: Path
) -> None:
    # GIVEN an implementation order whose curator kept only the roadmap
    order = order_prefill.new_order(demo_db, "implementation", dt.date(2026, 9, 1))
    order.appendices = order.appendices[:1]
    order.points = [
        p for p in order.points if "приложению 2" not in p.text and "приложениям 3" not in p.text
    ]
    order.number = "113"
    order_id = orders.save_order(demo_db, order)
    # WHEN printed
    out = run_export(demo_db, "order", tmp_path / "one.docx", order_id=order_id)
    joined = " ".join(_paragraphs(out))
    # THEN the point says «согласно приложению» as the stamp says «Приложение»
    assert "согласно приложению к настоящему приказу" in joined
    assert "приложению 1" not in joined and "Приложение 1" not in joined


def _dash_runs(texts: list[str]) -> list[list[str]]:
    runs: list[list[str]] = []
    previous = ""
    for text in texts:
        if text.startswith("– "):
            if not previous.startswith("– "):
                runs.append([])
            runs[-1].append(text[2:])
        previous = text
    return runs


def _assert_russian_lists(runs: list[list[str]]) -> None:
    assert runs
    for run in runs:
        for item in run[:-1]:
            assert item.endswith(";"), item
        assert run[-1].endswith("."), run[-1]
        for item in run:
            first_word = item.split(" ", 1)[0]
            assert item[0].islower() or sum(ch.isupper() for ch in first_word) > 1, item


def test_lists_in_orders_are_punctuated_the_russian_way(demo_db: Database, tmp_path: Path) -> None:
    # GIVEN the implementation order (curator's duties, the Положение's lists) and the
    # pairs order
    printed = {}
    for kind, number in (("implementation", "112"), ("pairs", "127")):
        out = _print(demo_db, kind, TODAY, tmp_path, number)
        texts = printed[kind] = _paragraphs(out)
        runs = _dash_runs(texts)
        # THEN every list after a colon is a dash list: lower case, «;», the last «.»
        _assert_russian_lists(runs)
        for i, text in enumerate(texts):
            if text.startswith("– ") and not texts[i - 1].startswith("– "):
                assert texts[i - 1].endswith(":"), texts[i - 1]
    # AND the Положение's definitions are such a list too
    joined = " ".join(printed["implementation"])
    assert "– наставничество — форма профессиональной поддержки" in joined


def test_half_year_report_lists_and_curator_term_match_the_order(
    demo_db: Database, tmp_path: Path
) -> None:
    # GIVEN the demo school's implementation order and its half-year report
    order_out = _print(demo_db, "implementation", dt.date(2026, 9, 1), tmp_path, "112")
    report = run_export(
        demo_db,
        "report",
        tmp_path / "report.docx",
        date_from="01.09.2026",
        date_to="31.12.2026",
        today=dt.date(2026, 12, 28),
    )
    texts = _paragraphs(report)
    # THEN the recommendations are a dash list after a colon, punctuated as in the orders
    lead = texts.index("По итогам мониторинга рекомендуется:")
    runs = _dash_runs(texts[lead:])
    _assert_russian_lists(runs[:1])
    # AND the curator is named with one term in the order and in the report
    order_text = " ".join(_paragraphs(order_out))
    report_text = " ".join(texts)
    assert f"куратором {CURATOR_TERM}" in order_text
    assert f"Куратору {CURATOR_TERM}:" in order_text
    assert f"куратор {CURATOR_TERM}" in report_text
    for other in ("куратор реализации", "куратором реализации", "Куратору реализации"):
        assert other not in order_text and other not in report_text


def test_list_items_keep_abbreviations_and_names() -> None:
    # GIVEN items typed in different ways WHEN punctuated as a list
    items = list_items(
        [
            "Составить ИОМ.",
            "ИОМ обсудить с наставником",
            "ФИО участников внести в базу;",
            "Иванова Мария Петровна",
            "М.П. Иванова,",
            "Разместить отчёт до 01.10.2026 г.",
            "",
        ]
    )
    # THEN each starts in lower case unless an abbreviation or a name opens it,
    # ends with «;», the last with «.», and an abbreviation keeps its own stop
    assert items == [
        "составить ИОМ;",
        "ИОМ обсудить с наставником;",
        "ФИО участников внести в базу;",
        "Иванова Мария Петровна;",
        "М.П. Иванова;",
        "разместить отчёт до 01.10.2026 г.",
    ]


def test_the_protocol_line_of_the_stamp_does_not_wrap(demo_db: Database, tmp_path: Path) -> None:
    # GIVEN the implementation order: the Положение is approved with a «СОГЛАСОВАНО» stamp
    out = _print(demo_db, "implementation", dt.date(2026, 9, 1), tmp_path, "112")
    document = docx.Document(str(out))
    agreed = next(
        t.rows[0].cells[0].text
        for t in document.tables
        if t.rows[0].cells[0].text.startswith("СОГЛАСОВАНО")
    )
    lines = agreed.replace("\u00a0", " ").split("\n")
    # THEN the protocol is one line, short enough for the stamp's half of the page
    protocol = next(line for line in lines if line.startswith("протокол"))
    assert protocol == "протокол от __.__.20__ № ___"
    settings = PageSettings()
    width_em = (settings.text_width_mm() / 2 - 3.8) / 25.4 * 72 / settings.body_size
    assert text_em(protocol) < width_em
    # AND a filled protocol too; a number too long for one line gets a line of its own
    assert protocol_lines("28.08.2026", "1", settings) == ["протокол от 28.08.2026 № 1"]
    assert protocol_lines("28.08.2026", "12-пс/2026-ПЕД", settings) == [
        "протокол № 12-пс/2026-ПЕД",
        "от 28.08.2026",
    ]


def test_two_line_intervals_between_the_title_and_the_text(
    demo_db: Database, tmp_path: Path
) -> None:
    # GIVEN a printed order
    out = _print(demo_db, "pairs", TODAY, tmp_path, "127")
    paragraphs = docx.Document(str(out)).paragraphs
    title = next(p for p in paragraphs if p.text == "О закреплении наставнических пар (групп)")
    # THEN an empty line of the body font (14 pt, single spacing) separates it from the text
    assert title.paragraph_format.space_after is not None
    assert title.paragraph_format.space_after.pt >= 14 * 1.15 - 0.1
