"""Plain data of document blocks (points, acquaintance rows), the texts of the stamps and
the loading of a DOCX to append."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.text.parfmt import ParagraphFormat

from app.errors import KuratorError
from app.reports.docx_text import NBSP, doc_text, text_em
from app.reports.table import Column

DASH = "–"
ACQUAINTANCE_HEADING = "С приказом ознакомлен(а):"
SHEET_HEADING = "ЛИСТ ОЗНАКОМЛЕНИЯ"
SHEET_COLUMNS = (
    Column("№", 3, wrap=False),
    Column("ФИО", 38),
    Column("Должность", 24),
    Column("Дата", 10, wrap=False),
    Column("Подпись", 14),
)
# Lengths of the signature and month blanks, longest first.
_BLANK_SIZES = ((12, 10), (10, 8), (8, 7), (6, 6))
_GAP_EM = 1.5


@dataclass(frozen=True)
class Point:
    """One numbered point of an order with its optional «– …» sub-list."""

    text: str
    sub_items: Sequence[str] = ()


@dataclass(frozen=True)
class Acquaintance:
    """A row of the acquaintance sheet: the person, their position, a date if known."""

    name: str
    position: str = ""
    date: str = ""


def appendix_stamp_lines(
    number: int | str, org: str, date: dt.date | str, doc_number: str, doc: str = "приказу"
) -> list[str]:
    """«Приложение 1» / «к приказу МБОУ «…»» / «от 01.06.2022 № 145». An empty ``number``
    gives «Приложение» (a single appendix)."""
    head = f"Приложение {number}".strip()
    return [head, f"к {doc} {org}".strip(), f"от {doc_text(date)} № {doc_number}"]


def approved_lines(by: str, date: dt.date | str, number: str) -> list[str]:
    """«УТВЕРЖДЕНО» / «приказом директора МБОУ «…»» / «от 01.06.2022 № 145»."""
    return ["УТВЕРЖДЕНО", f"приказом {by}".strip(), f"от {doc_text(date)} № {number}"]


def agreed_lines(body: str, date: dt.date | str, number: str, org: str = "") -> list[str]:
    """«СОГЛАСОВАНО» / «педагогическим советом» [/ «МБОУ «…»»] / «протокол от … № …»."""
    lines = ["СОГЛАСОВАНО", body]
    if org:
        lines.append(org)
    return [*lines, f"протокол от {doc_text(date)} № {number}"]


def signature_blank(sig: int, month: int, year: str) -> str:
    """«____ «___» ______ 20__ г.» joined by no-break spaces (it never breaks)."""
    return NBSP.join(["_" * sig, "«___»", "_" * month, year, "г."])


def _longest_blank(name_em: float, width_em: float, year: str) -> str | None:
    for sig, month in _BLANK_SIZES:
        blank = signature_blank(sig, month, year)
        if name_em + text_em(blank) + _GAP_EM <= width_em:
            return blank
    return None


def acquaintance_lines(
    names: Sequence[str], width_em: float, small_ratio: float, year: str = "20__"
) -> list[tuple[str, bool]]:
    """Per name: the blank to put after it and whether the line needs the smaller font to
    stay on one line. ``width_em`` is the text width in body-font ems, ``small_ratio`` the
    body size divided by the smaller size.

    Names that fit share one blank (so the lines align): the longest one that lets the
    longest of them fit. A name too long even for the shortest blank goes in the smaller
    font with the longest blank that fits there."""
    shortest = signature_blank(*_BLANK_SIZES[-1], year)
    widths = [text_em(doc_text(n)) for n in names]
    fitting = [w for w in widths if w + text_em(shortest) + _GAP_EM <= width_em]
    shared = _longest_blank(max(fitting, default=0.0), width_em, year) or shortest
    result: list[tuple[str, bool]] = []
    for w in widths:
        if w + text_em(shortest) + _GAP_EM <= width_em:
            result.append((shared, False))
        else:
            result.append((_longest_blank(w, width_em * small_ratio, year) or shortest, True))
    return result


def open_docx(path: Path) -> DocxDocument:
    """The DOCX at ``path``; ``KuratorError`` (in Russian) when it is missing or not a .docx."""
    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise KuratorError(
            f"Не удаётся открыть файл {path.name}: это не документ Word (.docx) или он повреждён."
        ) from exc


def break_before_first(doc: DocxDocument) -> bool:
    """Make ``doc`` start on a new page when its first block is a paragraph; False when it
    starts with a table (the page break must then come before it)."""
    first = next((el for el in doc.element.body if el.tag != qn("w:sectPr")), None)
    if first is None or first.tag != qn("w:p"):
        return False
    ParagraphFormat(first).page_break_before = True
    return True
