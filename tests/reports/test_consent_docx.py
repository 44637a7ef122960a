"""Consent forms for personal data: filled from the participants, one page each, read back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest

from app.cli import main
from app.errors import KuratorError
from app.services.documents.exports import run_export
from app.services.people import consent, persons
from tests.prebuilt import DemoSchool

TODAY = dt.date(2026, 9, 20)


@pytest.fixture
def demo_db(demo_school: DemoSchool):  # type: ignore[no-untyped-def]
    return demo_school(TODAY).db


def _texts(path: Path) -> list[str]:
    return [p.text.replace("\u00a0", " ") for p in docx.Document(str(path)).paragraphs]


def test_one_person_form_names_the_person_the_school_and_the_law(demo_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a teacher of the demo school with a consent date, and a name pasted with junk
    pid = next(r.id for r in persons.list_persons(demo_db) if r.full_name.startswith("Лебедева"))
    data = persons.get_person(demo_db, pid)
    data.consent_date = dt.date(2026, 9, 2)
    data.notes = "x\x0by"
    persons.save_person(demo_db, data)
    # WHEN her consent form is printed
    out = run_export(demo_db, "consent", tmp_path / "c.docx", teacher=pid)
    texts = _texts(out)
    joined = "\n".join(texts)
    # THEN it is hers: name and position in the opening, the school as the operator
    assert texts[0].startswith("СОГЛАСИЕ")
    assert "Я, Лебедева Ирина Николаевна, заместитель директора по УВР," in texts
    assert any(t.startswith("паспорт: серия") for t in texts)
    assert "Муниципальное бюджетное общеобразовательное учреждение «Берёзовская" in joined
    assert "152-ФЗ" in joined
    assert "– фамилия, имя, отчество;" in texts
    # and the signature line carries the stored date and her full name
    assert any(
        t.startswith("02.09.2026 г.\t") and t.endswith("Лебедева Ирина Николаевна") for t in texts
    )


def test_all_participants_one_page_each(demo_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    active = persons.list_persons(demo_db, include_archived=False)
    data = persons.get_person(demo_db, active[0].id)
    data.consent_date = None
    persons.save_person(demo_db, data)
    out = run_export(demo_db, "consent", tmp_path / "all.docx")
    d = docx.Document(str(out))
    starts = [p for p in d.paragraphs if p.text.startswith("СОГЛАСИЕ")]
    # THEN one form per participant, each after the first on a new page
    assert len(starts) == len(active) >= 20
    assert all(p.paragraph_format.page_break_before for p in starts[1:])
    # and someone without a consent date gets the blank to fill in by hand
    assert any(t.startswith("«___» ____________ 20___ г.") for t in _texts(out))


def test_needs_requisites_and_a_known_template_field(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(KuratorError, match="реквизиты"):
        consent.consent_forms(db)


def test_unknown_placeholder_is_a_russian_error(demo_db) -> None:  # type: ignore[no-untyped-def]
    template = consent.load_template()
    template["intro"] = ["Я, {surname}"]
    with pytest.raises(KuratorError, match="подстановка"):
        consent.consent_forms(demo_db, template=template)


def test_cli_prints_one_person(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "d"
    assert main(["demo", "--data-dir", str(data)]) == 0
    out = tmp_path / "one.docx"
    assert (
        main(["export", "consent", "--teacher", "2", "--data-dir", str(data), "--out", str(out)])
        == 0
    )
    assert sum(t.startswith("СОГЛАСИЕ") for t in _texts(out)) == 1
    assert (
        main(["export", "consent", "--teacher", "999", "--data-dir", str(data), "--out", str(out)])
        == 1
    )
    assert "Участник с номером записи 999 не найден." in capsys.readouterr().err
