"""Text of DOCX documents: XML-safe text, no-break spaces, runs with line breaks, small
paragraph-format helpers."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.parfmt import ParagraphFormat
from lxml import etree

from app.core.textutil import clean_multiline, format_date

NBSP = "\u00a0"
_SURROGATES = re.compile("[\ud800-\udfff]")
_CAP = "А-ЯЁ"
# «И. О.» → «И.\u00a0О.»: the space between two initials never breaks.
_BETWEEN_INITIALS = re.compile(rf"(?<![\w.])([{_CAP}]\.)\s+(?=[{_CAP}]\.)")
# «И.О. Фамилия», «И.О.Фамилия» → «И.О.\u00a0Фамилия».
_INITIALS_SURNAME = re.compile(
    rf"(?<![\w.])([{_CAP}]\.(?:{NBSP}?[{_CAP}]\.)?)[ ]*(?=[{_CAP}][{_CAP}а-яё])"
)
# «Фамилия И.О.» → «Фамилия\u00a0И.О.» (not «Директор» before «И.О.\u00a0Фамилия»).
_SURNAME_INITIALS = re.compile(
    rf"([{_CAP}][а-яё]+(?:-[{_CAP}][а-яё]+)?)[ ]+"
    rf"(?=[{_CAP}]\.{NBSP}?[{_CAP}]\.(?!{NBSP}[{_CAP}]))"
)
_NUMBER_SIGN = re.compile(r"№[ ]*(?=\S)")
# «№ Р-145», «№ 273-ФЗ», «№ АЗ-1128/08»: the hyphen of a document number must not end a line.
_NUMBER_HYPHENS = re.compile(r"(№\u00a0[\w/.]+(?:-[\w/.]+)+)")
NB_HYPHEN = "\u2011"
# «01.06.2022 г.», «2022 г.», «20__ г.», «2022 года» — the year and «г.» stay together.
_YEAR_G = re.compile(r"(\b\d{1,2}\.\d{1,2}\.\d{2,4}|\b\d{4}|\b\d{2}_+)[ ]*(?=г\.|гг\.|года?\b)")
_OT_DATE = re.compile(r"\b([Оо]т)[ ]+(?=\d)")
# «согласно приложению 1» in running text: the number stays with the word (a stamp's own
# «Приложение 1» is a short line of its own).
_APPENDIX_NUMBER = re.compile(r"\b(приложени[а-яё]*)[ ]+(?=\d)")
# «(далее — куратор) — заместитель»: a dash between words never starts a line.
_SPACE_DASH = re.compile(r"(?<=\S)[ ]+(?=[—–] )")
# «с. Знаменка», «г. Славгород», «пгт. …» — the abbreviation stays with the name.
_PLACE = re.compile(rf"(?<![\w.])(с|г|п|д|х|ст|пос|пгт)\.[ ]*(?=[{_CAP}])")


def nbsp_fix(text: str) -> str:
    """Put no-break spaces where Russian paperwork must not break a line.

    Inside «И.О. Фамилия» and «Фамилия И.О.» (also inserted into «Е.М.Шевченко»), after «№»,
    between a year or date and «г.» / «года» (also «20__ г.»), after «от» before a date,
    before a dash between words («куратор — заместитель»), between «приложению» and its
    number and after «с.», «г.», «пгт.» …
    before a place name; the hyphens of a document number
    («№ Р-145») become non-breaking. Other text is returned unchanged."""
    text = _BETWEEN_INITIALS.sub(lambda m: m.group(1) + NBSP, text)
    text = _INITIALS_SURNAME.sub(lambda m: m.group(1) + NBSP, text)
    text = _SURNAME_INITIALS.sub(lambda m: m.group(1) + NBSP, text)
    text = _NUMBER_SIGN.sub("№" + NBSP, text)
    text = _NUMBER_HYPHENS.sub(lambda m: m.group(1).replace("-", NB_HYPHEN), text)
    text = _YEAR_G.sub(lambda m: m.group(1) + NBSP, text)
    text = _OT_DATE.sub(lambda m: m.group(1) + NBSP, text)
    text = _SPACE_DASH.sub(NBSP, text)
    text = _APPENDIX_NUMBER.sub(lambda m: m.group(1) + NBSP, text)
    return _PLACE.sub(lambda m: m.group(1) + "." + NBSP, text)


# An item that opens with a name keeps its capital: «Иванова Мария …», «Иванова М.П.»,
# «М.П. Иванова».
_NAME_START = re.compile(
    rf"^(?:[{_CAP}][а-яё]+(?:-[{_CAP}][а-яё]+)?[ {NBSP}]+[{_CAP}](?:[а-яё]|\.)"
    rf"|[{_CAP}]\.[ {NBSP}]?[{_CAP}]\.)"
)
# Punctuation a list item may end with that the list's own punctuation replaces.
_ITEM_END = re.compile(r"[\s.;,]+$")
# An abbreviation's own stop stays: «… 2026 г.;», «… и т.д.»
_ABBREVIATION_END = re.compile(r"(?<!\w)(?:г|гг|др|пр|руб|стр|см|т\.[ \u00a0]?[дп])\.$")


def list_item_case(text: str) -> str:
    """The first letter of a list item after a colon in lower case, as Russian punctuation
    wants, unless the item opens with an abbreviation («ИОМ», «ФИО», «ВПР/ОГЭ»), a word in
    Latin letters or digits, or a person's name («Иванова Мария …», «М.П. Иванова»)."""
    text = text.strip()
    first_word = re.split(rf"[ {NBSP}]", text, maxsplit=1)[0]
    if sum(ch.isupper() for ch in first_word) > 1 or re.search(r"[A-Za-z0-9]", first_word):
        return text
    if _NAME_START.match(text):
        return text
    return text[:1].lower() + text[1:]


def list_items(items: Sequence[str]) -> list[str]:
    """The items of a list that follows a colon, punctuated the Russian way: each starts in
    lower case (see :func:`list_item_case`) and ends with «;», the last with «.». Whatever
    the item ended with («.», «;», «,», spaces) is replaced, but the stop of a final
    abbreviation stays («2026 г.;», «и т.д.»); an item ending with «!», «?», «:» or «…» is
    kept as it is. Empty items are dropped. The dash
    («– ») is the writer's: ``DocBuilder.sub_list`` or ``docx_blocks.DASH`` before the text."""
    cleaned = [list_item_case(i) for i in items if i and i.strip()]
    out = []
    for n, item in enumerate(cleaned):
        end = "." if n == len(cleaned) - 1 else ";"
        if item.endswith(("!", "?", ":", "…")):
            out.append(item)
            continue
        bare = _ITEM_END.sub("", item)
        if _ABBREVIATION_END.search(bare + "."):
            bare += "."
            end = "" if end == "." else end
        out.append(bare + end)
    return out


def doc_text(value: object) -> str:
    """The one gate every string passes before it enters a document.

    Removes characters XML 1.0 cannot hold and lone surrogates, folds runs of spaces, keeps
    line breaks (``\\n``) and applies :func:`nbsp_fix`. ``None`` gives an empty string, a
    date ``ДД.ММ.ГГГГ``."""
    if isinstance(value, dt.date):
        value = format_date(value)
    return nbsp_fix(_SURROGATES.sub("", clean_multiline(value)))


def layout_text(value: object) -> str:
    """:func:`doc_text` that keeps tabs and no-break spaces: the layout a block put in on
    purpose («date\\tNo», a signature blank joined by no-break spaces)."""
    if not isinstance(value, str):
        return doc_text(value)
    return "\t".join(
        NBSP.join(doc_text(piece) for piece in part.split(NBSP)) for part in value.split("\t")
    )


_R = qn("w:r")
_T = qn("w:t")
_BR = qn("w:br")
_TAB = qn("w:tab")
_NO_BREAK_HYPHEN = qn("w:noBreakHyphen")
_RPR = qn("w:rPr")
_B = qn("w:b")
_I = qn("w:i")
_SZ = qn("w:sz")
_SZCS = qn("w:szCs")
_VAL = qn("w:val")
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def run_props(
    r: etree._Element, *, bold: bool = False, italic: bool = False, size: float | None = None
) -> None:
    """Give a fresh ``w:r`` its ``w:rPr`` (bold, italic, size in points) when any is set."""
    if not (bold or italic or size):
        return
    rpr = etree.SubElement(r, _RPR)
    if bold:
        etree.SubElement(rpr, _B)
    if italic:
        etree.SubElement(rpr, _I)
    if size:
        half_points = str(round(size * 2))
        etree.SubElement(rpr, _SZ).set(_VAL, half_points)
        etree.SubElement(rpr, _SZCS).set(_VAL, half_points)


def append_run(
    p: etree._Element,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
) -> etree._Element:
    """Append one run holding already-cleaned ``text`` to the ``w:p`` element ``p``.

    ``\\n`` becomes a line break (``w:br``) and ``\\t`` a tab (``w:tab``), so a multi-line
    value stays one paragraph. Returns the new ``w:r``."""
    r = etree.SubElement(p, _R)
    run_props(r, bold=bold, italic=italic, size=size)
    for i, line in enumerate(text.split("\n")):
        if i:
            etree.SubElement(r, _BR)
        for j, piece in enumerate(line.split("\t")):
            if j:
                etree.SubElement(r, _TAB)
            # U+2011 is written as Word's own non-breaking hyphen: fonts such as Liberation
            # Serif have no glyph for the Unicode character.
            for k, chunk in enumerate(piece.split(NB_HYPHEN)):
                if k:
                    etree.SubElement(r, _NO_BREAK_HYPHEN)
                if chunk:
                    t = etree.SubElement(r, _T)
                    t.text = chunk
                    if chunk[0] == " " or chunk[-1] == " ":
                        t.set(_SPACE, "preserve")
    return r


def _char_em(ch: str) -> float:
    if ch in " \u00a0":
        return 0.25
    if ch.isupper():
        return 0.7
    if ch.isalpha():
        return 0.47
    if ch.isdigit() or ch in "_«»№":
        return 0.5 if ch != "№" else 1.0
    return 0.33


def text_em(text: str) -> float:
    """Estimated width of one line of Times New Roman text in ems (font size units): enough
    to choose between layouts, not to typeset."""
    return sum(_char_em(ch) for ch in text)


def letter_spacing(p: etree._Element, twips: int) -> None:
    """Spread the letters of every run of ``p`` (e.g. «П Р И К А З») by ``twips``."""
    for r in p.iter(_R):
        rpr = r.find(_RPR)
        if rpr is None:
            rpr = etree.Element(_RPR)
            r.insert(0, rpr)
        spacing = etree.Element(qn("w:spacing"))
        spacing.set(_VAL, str(twips))
        sz = rpr.find(_SZ)
        if sz is not None:
            sz.addprevious(spacing)  # schema order: … w:spacing before w:sz
        else:
            rpr.append(spacing)


def hang(p: etree._Element, left_mm: float, hang_mm: float) -> None:
    """A hanging indent: the first line starts ``hang_mm`` left of the others, and a tab
    after the label («1.», «–») jumps to the text."""
    fmt = ParagraphFormat(p)
    fmt.left_indent = Mm(left_mm)
    fmt.first_line_indent = Mm(-hang_mm)
    fmt.tab_stops.add_tab_stop(Mm(left_mm), WD_TAB_ALIGNMENT.LEFT)


def make_tiny(p: etree._Element) -> None:
    """Shrink an empty carrier paragraph (of a page or section break) to 1 pt."""
    fmt = ParagraphFormat(p)
    fmt.first_line_indent = Mm(0)
    fmt.line_spacing = Pt(1)
    ppr = p.find(qn("w:pPr"))
    assert ppr is not None
    rpr = etree.SubElement(ppr, _RPR)
    etree.SubElement(rpr, _SZ).set(_VAL, "2")
    etree.SubElement(rpr, _SZCS).set(_VAL, "2")
    sect_pr = ppr.find(qn("w:sectPr"))
    if sect_pr is not None:
        ppr.append(sect_pr)  # w:sectPr comes after w:rPr
