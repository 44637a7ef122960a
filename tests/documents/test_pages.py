"""The rendered-page check of every printed document kind (issue 13): each DOCX/XLSX of the
demo school and of a generated 80-teacher school goes through LibreOffice to PDF and back to
text, and a director's eye is applied page by page.

Per document: (a) no word broken inside (every printed token is a source word or a
soft-hyphen split of one); (b) no page holding only a stamp, signature lines or a heading;
(c) page numbers continuous where the document numbers its pages; (d) the same page count
when the same document is written and rendered a second time.

Rendering is the slow part, so each school's documents are written twice and all of them
go through ONE LibreOffice run per module; the verdicts are then asserted one test per
document. Skipped where LibreOffice or pdftotext is not installed (``.ci/run`` installs
both)."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass

import pytest

from benchmarks.datagen import make_school
from tests.documents.build import Printed, build_all
from tests.documents.pagecheck import Verdict, judge, render
from tests.prebuilt import PrebuiltDatabases

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) и pdftotext не установлены: страницы не проверить",
)

TODAY = dt.date(2026, 11, 20)
SCHOOLS = ("demo", "school80")  # the demo school; it topped up to 80 teachers
# The files build_all writes (a test per school and file).
FILES = (
    "order-implementation.docx",
    "order-pairs.docx",
    "order-programs.docx",
    "order-results.docx",
    "mentors-base.docx",
    "mentees-base.docx",
    "mentors-base.xlsx",
    "mentees-base.xlsx",
    "program-pair.docx",
    "program-group.docx",
    "grid-school.docx",
    "grid-school.xlsx",
    "grid-card.docx",
    "pairs.xlsx",
    "report.docx",
    "month-plan.docx",
    "month-plan.xlsx",
    "consent.docx",
)


@dataclass
class Checked:
    """A document as printed twice: the verdict of the first rendering and the page count
    of the second."""

    printed: Printed
    verdict: Verdict
    second_pages: int


@pytest.fixture(scope="module")
def checked(
    prebuilt: PrebuiltDatabases, tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str], Checked]:
    root = tmp_path_factory.mktemp("pages")
    runs: dict[tuple[str, str], tuple[Printed, Printed]] = {}
    for index, school in enumerate(SCHOOLS):
        db_file, _ = prebuilt.demo(TODAY)
        ws = prebuilt.open_copy(db_file, root / school / "data")
        try:
            if school != "demo":
                make_school(ws.db, teachers=80)
            first = build_all(ws, root / school / "first", TODAY)
            second = build_all(ws, root / school / "second", TODAY)
        finally:
            ws.close(backup=False)
        for a, b in zip(first, second, strict=True):
            runs[(school, a.path.name)] = (_unique(a, f"{index}a"), _unique(b, f"{index}b"))
    files = [p.path for pair in runs.values() for p in pair]
    pdfs = render(files, root / "pdf")
    result: dict[tuple[str, str], Checked] = {}
    for key, (a, b) in runs.items():
        again = judge(b.path, pdfs[b.path], b.numbered)
        result[key] = Checked(a, judge(a.path, pdfs[a.path], a.numbered), again.pages)
    return result


def _unique(printed: Printed, prefix: str) -> Printed:
    """The file renamed so that one LibreOffice run can take every copy (its PDFs are named
    after the source files)."""
    path = printed.path.rename(printed.path.with_name(f"{prefix}-{printed.path.name}"))
    return Printed(path, printed.numbered, printed.label)


def test_every_document_kind_is_checked(checked: dict[tuple[str, str], Checked]) -> None:
    # GIVEN the documents written for each school WHEN listed THEN every kind is there
    assert sorted(checked) == sorted((s, name) for s in SCHOOLS for name in FILES)


@pytest.mark.parametrize("school", SCHOOLS)
@pytest.mark.parametrize("name", FILES)
def test_pages_as_printed(checked: dict[tuple[str, str], Checked], school: str, name: str) -> None:
    # GIVEN the document rendered through LibreOffice
    c = checked[(school, name)]
    v = c.verdict
    # THEN it has pages, no word is broken inside, no page is only a stamp/signature/heading,
    # the numbers run on, and a second writing prints on as many pages
    assert v.pages > 0, f"{c.printed.path.name}: не отрисован"
    assert v.broken == [], f"{c.printed.path.name}: разорванные слова {v.broken[:10]}"
    assert v.lonely == [], f"{c.printed.path.name}: страницы только со штампом/подписью {v.lonely}"
    assert v.numbering == [], f"{c.printed.path.name}: нумерация {v.numbering[:10]}"
    assert c.second_pages == v.pages, f"{c.printed.path.name}: {v.pages} и {c.second_pages} стр."
