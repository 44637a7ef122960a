"""The default texts of school orders (resources/reference/order_defaults.json): shape and quality."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.paths import resource_path

DEFAULTS_FILE = resource_path("reference", "order_defaults.json")

KINDS = ("implementation", "pairs", "programs", "results")
TOP_KEYS = {
    "kinds",
    "legal_basis",
    "curator_duties",
    "roadmap",
    "regulation",
    "pairs_table_headings",
}
CURATOR_DUTIES_REF = "@curator_duties"

# The values the lead substitutes, filled as in the seed order № 145: rendering every text
# with them proves no unknown placeholder is used, and gives the text a verbatim copy of the
# seed would have.
SAMPLE_VALUES = {
    "school_short": "МБОУ «Знаменская СОШ»",
    "school_full": "Муниципальное бюджетное общеобразовательное учреждение "
    "«Знаменская средняя общеобразовательная школа»",
    "period_start": "01.09.2022",
    "period_end": "01.09.2023",
    "curator_acc": "заместителя директора по УВР Захарову Анастасию Анатольевну",
    "curator_dat": "заместителю директора по УВР Захаровой Анастасии Анатольевне",
    "secretary_dat": "секретарю Рычко Наталье Владимировне",
    "acquaint_deadline": "01.08.2022",
    "bases_deadline": "01.09.2022",
    "programs_deadline": "01.12.2022",
    "school_year": "2022/2023",
    # the programs order with several programs (one program: the singular, «приложению»)
    "programs_acc": "персонализированные программы наставничества",
    "programs_ref": "согласно приложениям 1–3 к настоящему приказу",
}

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
ANY_DATE = re.compile(r"(?<![\d.])\d{1,2}\.\d{1,2}\.\d{2,4}(?![\d])")
FULL_DATE = re.compile(r"\d{2}\.\d{2}\.\d{4}")
ROADMAP_DEADLINE = re.compile(
    r"(До \d{2}\.\d{2}|В течение года|(Январь|Февраль|Март|Апрель|Май|Июнь|Июль|Август|"
    r"Сентябрь|Октябрь|Ноябрь|Декабрь))"
    r"(( – |, )(январь|февраль|март|апрель|май|июнь|июль|август|сентябрь|октябрь|ноябрь|"
    r"декабрь|далее в течение года))*"
)
ROLES = {
    "директор",
    "куратор",
    "наставники",
    "наставляемые",
    "секретарь",
    "классные руководители",
    "педагог-психолог",
}
# A preamble reads «На основании <acts>, в целях …»: every act is cited in the genitive.
GENITIVE_HEADS = (
    "Федерального закона",
    "распоряжения",
    "письма",
    "приказа",
    "постановления",
    "методических рекомендаций",
    "Указа",
)
# Longer runs of words than this, shared with a seed sentence, count as copied.
MAX_SHARED_WORDS = 12


def _load() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))
    return data


def _strings(node: object, where: str = "") -> Iterator[tuple[str, str]]:
    """Every string in the file with its location, keys excluded."""
    if isinstance(node, str):
        yield where, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, f"{where}[{i}]")


def _render(text: str) -> str:
    return text.format_map(SAMPLE_VALUES)


def _words(text: str) -> list[str]:
    text = text.lower().replace("ё", "е")
    return re.findall(r"\w+(?:[-/.]\w+)*", text)


def _seeds_dir() -> Path | None:
    env = os.environ.get("KURATOR_SEEDS_DIR")
    candidates = [Path(env)] if env else []
    # The seeds live beside the checkout (…/shared/seeds), not inside it.
    candidates.append(Path(__file__).resolve().parents[3] / "shared" / "seeds")
    return next(
        (p for p in candidates if (p / "school-order-145-with-appendices.txt").is_file()), None
    )


def _seed_sentences(seeds: Path) -> list[list[str]]:
    sentences: list[list[str]] = []
    for name in (
        "school-order-145-with-appendices.txt",
        "program-template-requirements.txt",
        "personalized-programs-guide.txt",
    ):
        path = seeds / name
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        for sentence in re.split(r"(?<=[.!?;:])\s+|\n+", text):
            words = _words(sentence)
            if len(words) > MAX_SHARED_WORDS:
                sentences.append(words)
    return sentences


def test_top_level_keys_and_kinds_are_the_agreed_ones() -> None:
    # GIVEN the shipped defaults
    data = _load()
    # THEN the keys the order code reads are exactly there
    assert set(data) == TOP_KEYS
    assert set(data["kinds"]) == set(KINDS)
    assert data["kinds"]["pairs"]["title"] == "О закреплении наставнических пар (групп)"
    assert (
        data["kinds"]["programs"]["title"]
        == "Об утверждении персонализированных программ наставничества"
    )
    assert data["kinds"]["implementation"]["title"].startswith(
        "О внедрении целевой модели наставничества педагогических работников в {school_short}"
    )
    assert "{school_year} учебном году" in data["kinds"]["results"]["title"]
    assert data["pairs_table_headings"] == [
        "№ п/п",
        "Наставник, должность",
        "Наставляемый (наставляемые), должность",
        "Форма наставничества",
        "Сроки",
    ]


def test_every_text_is_clean_russian() -> None:
    # GIVEN every string of the file
    found = list(_strings(_load()))
    assert len(found) > 100
    for where, text in found:
        # THEN it is trimmed, non-empty, and fit for a DOCX
        assert text and text == text.strip(), where
        assert "  " not in text, where
        assert not XML_ILLEGAL.search(text), where
        # no English: only the placeholders are Latin
        bare = PLACEHOLDER.sub("", text).replace(CURATOR_DUTIES_REF, "")
        assert not re.search(r"[A-Za-z]", bare), (where, text)
        # «ёлочки» only, balanced (nested ones allowed)
        assert not re.search("[\"“”„']", text), (where, text)
        depth = 0
        for ch in text:
            depth += {"«": 1, "»": -1}.get(ch, 0)
            assert depth >= 0, (where, text)
        assert depth == 0, (where, text)
        # no space before punctuation, no doubled word
        assert not re.search(r"\s[,.;:)]", text), (where, text)
        assert not re.search(r"\b(\w+) \1\b", text, re.IGNORECASE), (where, text)


def test_placeholders_are_known_and_dates_are_full() -> None:
    # GIVEN every string of the file
    for where, text in _strings(_load()):
        # WHEN it is filled with the values the lead substitutes
        rendered = _render(text)
        # THEN no unknown placeholder or stray brace is left
        assert "{" not in rendered and "}" not in rendered, (where, text)
        # and every full date reads ДД.ММ.ГГГГ
        for date in ANY_DATE.findall(rendered):
            assert FULL_DATE.fullmatch(date), (where, date)


def test_points_of_each_order_kind() -> None:
    # GIVEN the four kinds of orders
    kinds = _load()["kinds"]
    for kind in KINDS:
        spec = kinds[kind]
        # THEN the purpose clause follows the legal basis in lower case
        assert spec["goal"].startswith("в целях "), kind
        assert not spec["goal"].endswith((".", ",", ";")), kind
        points = spec["points"]
        assert len(points) >= 3, kind
        for i, point in enumerate(points, start=1):
            assert set(point) == {"text", "items"}, (kind, i)
            items = point["items"]
            text = point["text"]
            if items == CURATOR_DUTIES_REF or items:
                assert text.endswith(":"), (kind, i)
            else:
                # an empty list is allowed only for a list the curator fills in later
                assert text.endswith((".", ":")), (kind, i)
            if isinstance(items, list):
                for item in items:
                    # dash items: lower case, punctuation added when printed
                    assert item[0].islower(), (kind, i, item)
                    assert not item.endswith((".", ",", ";", ":")), (kind, i, item)
        # and the last point keeps control with the director
        assert points[-1]["text"].startswith("Контроль"), kind


def test_implementation_order_follows_the_seed_structure() -> None:
    # GIVEN the implementation order
    points = _load()["kinds"]["implementation"]["points"]
    texts = [_render(p["text"]) for p in points]
    # THEN it introduces the model for the period, appoints the curator, lists the duties,
    # approves appendices 1–4 and has the secretary acquaint the staff
    assert "с 01.09.2022 по 01.09.2023" in texts[0]
    assert "заместителя директора по УВР Захарову Анастасию Анатольевну" in texts[1]
    assert any(p["items"] == CURATOR_DUTIES_REF for p in points)
    joined = " ".join(texts)
    # (four appendices: each referred to by its number, as the seed order words it)
    for ref in (
        "согласно приложению 1 к настоящему приказу",
        "согласно приложению 2 к настоящему приказу",
        "согласно приложениям 3 и 4 к настоящему приказу",
    ):
        assert ref in joined
    assert any(
        t.startswith("секретарю Рычко Наталье Владимировне") and "до 01.08.2022" in t for t in texts
    )


def test_legal_basis_cites_acts_in_the_genitive() -> None:
    # GIVEN the default legal basis
    acts = _load()["legal_basis"]
    assert len(acts) >= 3
    for act in acts:
        # THEN each act is a full citation ready for «На основании …»
        assert act.startswith(GENITIVE_HEADS), act
        assert re.search(r"от \d{2}\.\d{2}\.\d{4}", act), act
        assert "№ " in act and "«" in act, act
        assert not act.endswith((",", ";", ".")), act
    assert any("№ Р-145" in act for act in acts)
    assert any("№ 273-ФЗ" in act for act in acts)


def test_curator_duties_are_infinitive_phrases() -> None:
    # GIVEN the curator's duties
    duties = _load()["curator_duties"]
    assert 6 <= len(duties) <= 10
    assert any("{bases_deadline}" in d for d in duties)
    for duty in duties:
        # THEN each is a lower-case phrase with a verb in the infinitive, no end punctuation
        assert duty[0].islower(), duty
        assert re.search(r"\b\w+(ть|ти|чь)\b", duty), duty
        assert not duty.endswith((".", ",", ";")), duty


def test_roadmap_rows() -> None:
    # GIVEN the default implementation roadmap
    rows = _load()["roadmap"]
    # THEN it has 12–18 rows, each with an event, a school-year deadline and the responsible
    assert 12 <= len(rows) <= 18
    for row in rows:
        assert set(row) == {"event", "deadline", "responsible"}, row
        assert all(row[k] for k in row), row
        assert row["event"][0].isupper() and not row["event"].endswith("."), row
        assert ROADMAP_DEADLINE.fullmatch(row["deadline"]), row["deadline"]
        roles = [r.strip() for r in row["responsible"].split(",")]
        assert roles[0][0].isupper(), row
        assert {r.lower() for r in roles} <= ROLES, row
        assert "{" not in row["event"], row
    # and it covers the stages of the yearly cycle
    events = " ".join(r["event"] for r in rows).lower()
    for stage in (
        "информирование",
        "согласий на обработку персональных данных",
        "базы наставников",
        "диагностика",
        "обучение наставников",
        "приказом директора",
        "персонализированных программ",
        "мониторинг",
        "итоговые встречи",
        "лучших наставников",
        "кейсы",
    ):
        assert stage in events, stage


def test_regulation_sections_are_numbered_and_state_the_rules() -> None:
    # GIVEN the starter regulation
    regulation = _load()["regulation"]
    assert regulation["title"].startswith("Положение о системе наставничества")
    sections = regulation["sections"]
    assert len(sections) >= 7
    words = 0
    for n, section in enumerate(sections, start=1):
        # THEN headings are «1. …», «2. …» and clauses «n.1.», «n.2.» in order
        assert section["heading"].startswith(f"{n}. "), section["heading"]
        expected = 1
        for paragraph in section["paragraphs"]:
            words += len(paragraph.split())
            if paragraph[0].isdigit():
                assert paragraph.startswith(f"{n}.{expected}. "), paragraph
                expected += 1
            else:
                # list lines inside a clause
                assert paragraph[0].islower() and paragraph.endswith((";", ".")), paragraph
        assert expected > 1, section["heading"]
    # about two printed pages
    assert 500 <= words <= 1300, words
    text = " ".join(p for s in sections for p in s["paragraphs"])
    assert "от трёх месяцев до одного года" in text
    assert "от одной до четырёх" in text and "не более чем в двух" in text
    for form in (
        "«учитель – учитель»",
        "«руководитель образовательной организации – учитель»",
        "«работодатель – студент»",
        "«педагог вуза/колледжа – молодой педагог»",
    ):
        assert form in text, form


def test_no_sentence_is_copied_from_the_seeds() -> None:
    # GIVEN the seed documents split into sentences
    seeds = _seeds_dir()
    if seeds is None:
        # CI always has shared/ beside the checkout; elsewhere the check needs the seeds.
        assert not os.environ.get("CI"), "../shared/seeds is missing in CI"
        pytest.skip("seed documents (../shared/seeds) are not beside this checkout")
    shingles: set[tuple[str, ...]] = set()
    size = MAX_SHARED_WORDS + 1
    for words in _seed_sentences(seeds):
        shingles.update(tuple(words[i : i + size]) for i in range(len(words) - size + 1))
    assert shingles
    # WHEN every default text is filled with the seed's own names and dates
    for where, text in _strings(_load()):
        words = _words(_render(text))
        # THEN no run of more than twelve words equals a run of a seed sentence
        for i in range(len(words) - size + 1):
            assert tuple(words[i : i + size]) not in shingles, (
                where,
                " ".join(words[i : i + size]),
            )
