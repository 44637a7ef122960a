"""The one DOCX layer of every document: a builder of Russian school paperwork blocks.

Plain Python data in, a .docx file out (no database, no Qt). Page setup lives in
``docx_page`` (the settings value in ``page_settings``), text hygiene in ``docx_text``, tables
in ``docx_tables``, block texts in ``docx_blocks``: import each name from its own module."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Literal

import docx
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.parfmt import ParagraphFormat

from app.reports.atomic import atomic_write_path
from app.reports.docx_blocks import (
    ACQUAINTANCE_HEADING,
    DASH,
    SHEET_COLUMNS,
    SHEET_HEADING,
    Acquaintance,
    Point,
    acquaintance_lines,
    break_before_first,
    open_docx,
)
from app.reports.docx_merge import copy_base_styles, isolate_styles
from app.reports.docx_page import (
    apply_geometry,
    page_number_refs,
    setup_page_numbers,
    setup_settings,
    setup_styles,
    text_width_twips,
    unify_page_numbers,
)
from app.reports.docx_tables import append_borderless_row, build_table
from app.reports.docx_text import (
    append_run,
    doc_text,
    hang,
    layout_text,
    letter_spacing,
    make_tiny,
)
from app.reports.page_settings import PageSettings
from app.reports.table import Column

Align = Literal["left", "center", "right", "justify"]
_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
HANGING_MM = 10.0
SINGLE_LINE = 1.15  # the height of a single-spaced line of Times New Roman, in font sizes
SUB_HANGING_MM = 5.0
# How many closing paragraphs of an order's last point stay on the signature's page.
KEEP_LAST = 3
# Vertical space (pt) above a signature, «С приказом ознакомлен(а):» and each name under it.
_SIGNATURE_BEFORE = 36.0
_ACQUAINTANCE_BEFORE = 24.0
_ACQUAINTED_BEFORE = 12.0
# A single-spaced line of Times New Roman, in ems of its size.
_LINE_EM = 1.15
_EMU_PER_PT = 12700


class DocBuilder:
    """Builds one document block by block, then :meth:`save` writes it atomically.

    Every string passes :func:`doc_text` (XML-safe, no-break spaces); ``\\n`` inside a text
    becomes a line break. Blocks are added in reading order."""

    def __init__(self, settings: PageSettings | None = None, *, title: str = "") -> None:
        self.settings = settings or PageSettings()
        self.document = docx.Document()
        setup_settings(self.document)
        setup_styles(self.document, self.settings)
        section = self.document.sections[0]
        apply_geometry(section, self.settings, landscape=False)
        setup_page_numbers(section)
        self._number_refs = page_number_refs(section)
        props = self.document.core_properties
        props.title = doc_text(title).replace("\n", " ")
        props.author = props.last_modified_by = "Куратор"
        props.comments = ""
        props.created = props.modified = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
        self._landscape = False
        self._break_pending = False
        self._last_is_table = False

    # -- geometry -----------------------------------------------------------------------
    @property
    def landscape(self) -> bool:
        """Whether the current (last) section is landscape."""
        return self._landscape

    @property
    def text_width_twips(self) -> int:
        """The width between the margins of the current section, in twips."""
        return text_width_twips(self.document.sections[-1])

    def start_section(self, landscape: bool) -> None:
        """Continue on a new page in a new portrait or landscape A4 section.

        The margins turn with the sheet (see :meth:`PageSettings.margins`); the page numbers
        go on (the new section shows its first page's number too)."""
        self._break_pending = False
        body = self.document.element.body
        if not self._has_content():
            apply_geometry(self.document.sections[-1], self.settings, landscape)
            self._landscape = landscape
            return
        last = body[-2]
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        holder = body[-2]
        sect_pr = holder.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
        if (
            last.tag == qn("w:p")
            and last.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is None
            and sect_pr is not None
        ):
            # Close the section in its last paragraph, not in an extra empty line that could
            # spill over onto a blank page.
            last.set_sectPr(sect_pr)
            body.remove(holder)
        else:
            make_tiny(holder)
        section.different_first_page_header_footer = False
        apply_geometry(section, self.settings, landscape)
        self._landscape = landscape
        self._last_is_table = False

    def page_break(self) -> None:
        """Start the next block on a new page (as «page break before» of that block)."""
        if self._has_content():
            self._break_pending = True

    # -- plain paragraphs ---------------------------------------------------------------
    def paragraph(
        self,
        text: object = "",
        *,
        align: Align = "justify",
        indent: bool = True,
        bold: bool = False,
        italic: bool = False,
        size: float | None = None,
        space_before: float = 0,
        space_after: float = 0,
        keep_with_next: bool = False,
        left_indent_mm: float = 0,
        right_tab: bool = False,
    ) -> Paragraph:
        """A paragraph of body text (justified, first-line indent 1.25 cm by default).

        ``indent=False`` starts the text at the margin; ``right_tab`` adds a right tab stop
        at the text width so ``"left\\tright"`` puts «right» against the right margin.
        Tabs and no-break spaces in ``text`` are kept. Sizes and spacing are in points.
        Returns the python-docx paragraph."""
        cleaned = layout_text(text)
        p = self.document.add_paragraph()
        fmt = p.paragraph_format
        if align != "justify":
            fmt.alignment = _ALIGN[align]
        if not indent:
            fmt.first_line_indent = Mm(0)
        if left_indent_mm:
            fmt.left_indent = Mm(left_indent_mm)
        if space_before:
            fmt.space_before = Pt(space_before)
        if space_after:
            fmt.space_after = Pt(space_after)
        if keep_with_next:
            fmt.keep_with_next = True
        if right_tab:
            fmt.tab_stops.add_tab_stop(Twips(self.text_width_twips), WD_TAB_ALIGNMENT.RIGHT)
        if self._break_pending:
            fmt.page_break_before = True
            self._break_pending = False
        if cleaned:
            append_run(p._p, cleaned, bold=bold, italic=italic, size=size)
        self._last_is_table = False
        return p

    def heading(
        self,
        text: str,
        *,
        space_before: float = 12,
        space_after: float = 12,
        size: float | None = None,
    ) -> Paragraph:
        """A centred bold heading (of an appendix, a section of a regulation)."""
        return self.paragraph(
            text,
            align="center",
            indent=False,
            bold=True,
            size=size,
            space_before=space_before,
            space_after=space_after,
            keep_with_next=True,
        )

    # -- the blocks of an order ---------------------------------------------------------
    def requisites(self, name: str, founder: str = "") -> None:
        """The organisation's full name centred (``\\n`` splits lines); the founder's line
        (e.g. the municipal education committee) above it when given."""
        if founder:
            self.paragraph(founder, align="center", indent=False, keep_with_next=True)
        self.paragraph(name, align="center", indent=False, keep_with_next=True)

    def doc_kind(self, word: str = "ПРИКАЗ", *, size: float | None = None) -> None:
        """The document type («ПРИКАЗ», «РАСПОРЯЖЕНИЕ») centred, bold, letter-spaced."""
        p = self.paragraph(
            word,
            align="center",
            indent=False,
            bold=True,
            size=size,
            space_before=18,
            space_after=12,
            keep_with_next=True,
        )
        letter_spacing(p._p, 60)  # 3 pt between letters

    def date_number(self, date: dt.date | str, number: str, place: str = "") -> None:
        """The date at the left margin and «№ …» at the right margin on one line, the place
        («с. Знаменка») centred under it."""
        bare = str(number).strip().removeprefix("№").strip()
        line = f"{doc_text(date)}\t{doc_text('№ ' + bare)}"
        self.paragraph(line, align="left", indent=False, right_tab=True, keep_with_next=True)
        if place:
            self.paragraph(place, align="center", indent=False, keep_with_next=True)

    def title(self, text: str, *, centered: bool = False) -> None:
        """The heading of the text «О …», bold, from the margin (or centred).

        ГОСТ Р 7.0.97 separates the text from its heading by two line intervals: one empty
        line of the body font (single spacing is about 1.15 of the font size) under it."""
        self.paragraph(
            text,
            align="center" if centered else "left",
            indent=False,
            bold=True,
            space_before=12,
            space_after=round(self.settings.body_size * SINGLE_LINE, 1),
            keep_with_next=True,
        )

    def preamble(self, text: str) -> None:
        """The reasons of the order: justified, first-line indent."""
        self.paragraph(text)

    def directive(self, word: str = "ПРИКАЗЫВАЮ:") -> None:
        """«ПРИКАЗЫВАЮ:» from the margin, a blank line above and below."""
        self.paragraph(
            word,
            align="left",
            indent=False,
            space_before=12,
            space_after=12,
            keep_with_next=True,
        )

    def point(
        self, label: str, text: str, sub_items: Sequence[str] = (), *, hanging: bool = False
    ) -> list[Paragraph]:
        """One numbered point: ``label`` («1.», «3.2.») written as text, then its sub-list;
        returns the paragraphs written.

        By default the number starts at the paragraph indent and the text runs on from the
        margin, as Russian orders are printed; ``hanging=True`` hangs the number at the
        margin with the text aligned 1 cm to the right of it."""
        label = doc_text(label)
        if hanging:
            p = self.paragraph(f"{label}\t{doc_text(text)}", indent=False)
            hang(p._p, HANGING_MM, HANGING_MM)
        else:
            p = self.paragraph(f"{label} {doc_text(text)}")
        return [p, *self.sub_list(sub_items, hanging=hanging)]

    def points(
        self,
        items: Sequence[Point | str],
        *,
        start: int = 1,
        hanging: bool = False,
        keep_last: bool = False,
    ) -> None:
        """Numbered points «1.», «2.» … starting at ``start``, each with its sub-list.

        ``keep_last`` keeps the end of the points on the page of what follows, so the
        signature never opens a page alone: the whole last point up to :data:`KEEP_LAST`
        paragraphs, and never less than two paragraphs."""
        written: list[Paragraph] = []
        last: list[Paragraph] = []
        for n, item in enumerate(items, start=start):
            point = item if isinstance(item, Point) else Point(item)
            last = self.point(f"{n}.", point.text, point.sub_items, hanging=hanging)
            written += last
        if keep_last:
            for p in written[-min(max(2, len(last)), KEEP_LAST) :]:
                p.paragraph_format.keep_with_next = True

    def sub_list(self, items: Sequence[str], *, hanging: bool = False) -> list[Paragraph]:
        """«– …» items under a point (indented like the point's text)."""
        written: list[Paragraph] = []
        for item in items:
            if hanging:
                p = self.paragraph(f"{DASH}\t{doc_text(item)}", indent=False)
                hang(p._p, HANGING_MM + SUB_HANGING_MM, SUB_HANGING_MM)
            else:
                p = self.paragraph(f"{DASH} {doc_text(item)}")
            written.append(p)
        return written

    def signature(
        self, position: str, name: str, *, space_before: float = _SIGNATURE_BEFORE
    ) -> None:
        """The position at the left and «И.О. Фамилия» at the right margin on one line; a
        multi-line position puts the name on its last line. It never opens a page alone:
        the block before it (a paragraph, another signature, a table's last row) is kept on
        its page. LibreOffice ignores the keep after a table: sign a table with
        :meth:`table_signatures`."""
        self._keep_last_block_with_next()
        p = self.paragraph(
            f"{doc_text(position)}\t{doc_text(name)}",
            align="left",
            indent=False,
            right_tab=True,
            space_before=space_before,
        )
        p.paragraph_format.keep_together = True

    def signatures(self, lines: Sequence[tuple[str, str]], *, space_before: float = 36) -> None:
        """Signature lines (position, name) that stay together on one page."""
        for position, name in lines:
            self.signature(position, name, space_before=space_before)

    def table_signatures(
        self,
        table: Table,
        lines: Sequence[tuple[str, str]],
        *,
        space_before: float = _SIGNATURE_BEFORE,
    ) -> None:
        """Signature lines (position, name) under ``table`` as its last row: one cell across
        it with no borders, the position at the left and the name at the right edge.

        LibreOffice keeps a row whose paragraphs all keep with the next with the next row,
        but never a table with the paragraph after it: only inside the table does the end
        of a long table (a roadmap) stay on the page of its signatures, whatever its
        length. Word keeps them by the same keep-with-next."""
        tbl = table._tbl
        width = sum(int(col.get(qn("w:w"), "0")) for col in tbl.iter(qn("w:gridCol")))
        written = []
        for position, name in lines:
            p = self.paragraph(
                f"{doc_text(position)}\t{doc_text(name)}",
                align="left",
                indent=False,
                space_before=space_before,
            )
            fmt = p.paragraph_format
            fmt.tab_stops.add_tab_stop(Twips(width), WD_TAB_ALIGNMENT.RIGHT)
            fmt.keep_together = True
            written.append(p)
        for p in written[:-1]:
            p.paragraph_format.keep_with_next = True
        self.keep_table_with_next(table, rows=1)
        append_borderless_row(tbl, [p._p for p in written])
        self._last_is_table = True

    def acquaintance_fits(self, count: int) -> bool:
        """Whether ``count`` lines «ФИО ____» fit under an order's signature: the end of the
        last point, the signature, «С приказом ознакомлен(а):» and the lines, kept on one
        page (see :meth:`acquaintance`), take no more than half the text height, so moving
        them to the next page never leaves more than half a page blank. A longer list goes
        on a sheet of its own (:meth:`acquaintance_sheet`): at 14 pt and the standard
        margins that is from the eighth name on."""
        section = self.document.sections[-1]
        height = int(section.page_height or 0) - int(section.top_margin or 0)
        height -= int(section.bottom_margin or 0)
        line = self.settings.body_size * _LINE_EM
        kept = KEEP_LAST * line + (_SIGNATURE_BEFORE + line) + (_ACQUAINTANCE_BEFORE + line)
        row = _ACQUAINTED_BEFORE + line
        return kept + count * row <= height / _EMU_PER_PT / 2

    def acquaintance(
        self,
        names: Sequence[str],
        *,
        heading: str = ACQUAINTANCE_HEADING,
        year: str = "20__",
    ) -> None:
        """«С приказом ознакомлен(а):», then per person «Фамилия Имя Отчество» at the left and
        «____ «___» ________ 20__ г.» at the right margin, on one line: the blanks shorten
        for long names, and a name too long even then is set in the table font size.

        The block before (the signature) keeps with the heading, and every line with the
        next, so the list never starts a page alone nor leaves the signature behind: for
        a list longer than :meth:`acquaintance_fits` allows, use a sheet."""
        self._keep_last_block_with_next()
        self.paragraph(
            doc_text(heading),
            align="left",
            indent=False,
            space_before=_ACQUAINTANCE_BEFORE,
            keep_with_next=True,
        )
        body, small = self.settings.body_size, self.settings.table_size
        width_em = self.text_width_twips / 20 / body
        lines = acquaintance_lines(names, width_em, body / small, doc_text(year))
        for i, (name, (blank, smaller)) in enumerate(zip(names, lines, strict=True)):
            self.paragraph(
                f"{doc_text(name)}\t{blank}",
                align="left",
                indent=False,
                right_tab=True,
                space_before=_ACQUAINTED_BEFORE,
                size=small if smaller else None,
                keep_with_next=i < len(names) - 1,
            )

    def acquaintance_sheet(
        self,
        people: Sequence[Acquaintance],
        *,
        subtitle: str = "",
        heading: str = SHEET_HEADING,
        blank_rows: int = 0,
        row_height_mm: float = 12.0,
    ) -> Table:
        """A heading, an optional subtitle («с приказом … от … № … «О …»») and the table
        № | ФИО | Должность | Дата | Подпись with tall rows to sign in, plus ``blank_rows``
        empty numbered rows for people added by hand, kept on the page of the last name."""
        self.heading(heading, space_after=0 if subtitle else 12)
        if subtitle:
            self.paragraph(
                subtitle, align="center", indent=False, space_after=12, keep_with_next=True
            )
        rows: list[list[object]] = [
            [f"{i}", person.name, person.position, person.date, ""]
            for i, person in enumerate(people, start=1)
        ]
        rows += [[f"{i}", "", "", "", ""] for i in range(len(rows) + 1, len(rows) + 1 + blank_rows)]
        table = self.add_table(list(SHEET_COLUMNS), rows, min_row_height_mm=row_height_mm)
        # The empty rows never open a page alone: the last person's row goes with them.
        trs = table._tbl.tr_lst
        for tr in trs[-blank_rows - 1 : -1] if people and blank_rows else []:
            for p in tr.iter(qn("w:p")):
                ParagraphFormat(p).keep_with_next = True
        return table

    # -- stamps -------------------------------------------------------------------------
    def appendix_stamp(
        self, lines: Sequence[str], *, width_mm: float | None = None, size: float | None = None
    ) -> None:
        """The appendix mark at the top right: left-aligned lines in a block against the right
        margin, ``width_mm`` wide (by default half a portrait text width, 85 mm at the
        standard margins); ``size`` 12–14 pt."""
        width = width_mm or self.settings.text_width_mm(landscape=False) / 2
        indent = self.text_width_twips / 1440 * 25.4 - width
        for i, line in enumerate(lines):
            last = i == len(lines) - 1
            self.paragraph(
                line,
                align="left",
                indent=False,
                size=size,
                left_indent_mm=max(0.0, indent),
                keep_with_next=True,
                space_after=12 if last else 0,
            )

    def approval_stamps(self, agreed: Sequence[str] = (), approved: Sequence[str] = ()) -> Table:
        """«СОГЛАСОВАНО …» at the left and «УТВЕРЖДЕНО …» at the right, side by side in a
        borderless table across the text width (see :func:`agreed_lines`,
        :func:`approved_lines`)."""
        cells = ["\n".join(doc_text(x) for x in agreed), "\n".join(doc_text(x) for x in approved)]
        return self.add_table(
            [Column("", 1), Column("", 1)],
            [cells],
            font_size=self.settings.body_size,
            header=False,
            borders=False,
            proportional=True,
        )

    # -- tables and other documents ---------------------------------------------------
    def add_table(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[object]],
        font_size: float | None = None,
        *,
        header: bool = True,
        borders: bool = True,
        keep_rows: bool = True,
        centered: Collection[int] = (),
        min_row_height_mm: float = 0.0,
        fills: Sequence[Sequence[str | None]] | None = None,
        bold: Collection[int] = (),
        rotated: Collection[int] = (),
        proportional: bool = False,
        spanned: Collection[int] = (),
    ) -> Table:
        """A table exactly as wide as the current section's text, the header row bold and
        repeated on every page, numbers and dates centred, body cells shaded by ``fills``
        (colours ``RRGGBB`` parallel to ``rows``; see ``build_table``), the ``bold`` columns'
        body cells bold. Column widths follow the content (``rotated``: headings the caller
        turns; ``spanned``: rows the caller merges across; ``proportional``: by declared
        widths). Use
        :func:`needs_landscape` and :meth:`start_section` first for a wide one."""
        if self._break_pending or self._last_is_table:
            # A page break needs a paragraph to carry it; two tables in a row would merge.
            make_tiny(self.paragraph(indent=False)._p)
        tbl = build_table(
            columns,
            rows,
            self.text_width_twips,
            font_size=font_size or self.settings.table_size,
            style_size=self.settings.table_size,
            header=header,
            borders=borders,
            keep_rows=keep_rows,
            centered=centered,
            min_row_height_mm=min_row_height_mm,
            fills=fills,
            bold=bold,
            rotated=rotated,
            proportional=proportional,
            spanned=spanned,
        )
        self.document.element.body._insert_tbl(tbl)
        self._last_is_table = True
        return Table(tbl, self.document._body)

    @staticmethod
    def keep_table_with_next(table: Table, rows: int | None = None) -> None:
        """Keep the last ``rows`` rows of ``table`` (all of them when None) on the page of
        the block that follows (a stamp with its heading, a roadmap's end with the
        signatures)."""
        trs = table._tbl.tr_lst
        for tr in trs if rows is None else trs[-rows:]:
            for p in tr.iter(qn("w:p")):
                ParagraphFormat(p).keep_with_next = True

    def append_document(self, path: Path | str) -> None:
        """Append another DOCX (e.g. the school's own regulation, a program) with its own
        styles and orientation, on the current page: call :meth:`start_section` or
        :meth:`page_break` first for a new one. Its headers and footers give way to this
        document's page numbers. ``KuratorError`` when it is not a readable .docx."""
        other = open_docx(Path(path))
        # deferred: docxcompose imports babel (a tenth of a second); load it only when used
        from docxcompose.composer import Composer

        if self._break_pending and not break_before_first(other):
            # A page break needs a paragraph to carry it when the document opens with a table.
            make_tiny(self.paragraph(indent=False)._p)
        self._break_pending = False
        isolate_styles(other, self.document)
        tail = other.sections[-1]
        landscape = int(tail.page_width or 0) > int(tail.page_height or 0)
        Composer(self.document).append(other)
        copy_base_styles(self.document, other)
        # Its last section takes our last section's properties: give it its orientation
        # back, with the package's margins (its stamp was laid out for them).
        apply_geometry(self.document.sections[-1], self.settings, landscape)
        self._landscape = landscape
        self._last_is_table = False

    def save(self, path: Path | str) -> Path:
        """Write the document to ``path`` atomically (temp file, then rename); a target
        open in Word gives a Russian ``KuratorError`` and leaves the old file as it was."""
        unify_page_numbers(self.document, self._number_refs)
        body = self.document.element.body
        if len(body) >= 2 and body[-2].tag == qn("w:tbl"):
            # Word wants a paragraph after a table at the end of the document.
            make_tiny(self.paragraph(indent=False)._p)
        target = Path(path)
        with atomic_write_path(target) as tmp:
            self.document.save(str(tmp))
        return target

    # -- helpers --------------------------------------------------------------------------
    def _keep_last_block_with_next(self) -> None:
        """Keep the last paragraph, or the last row of the last table, with what follows
        (not across a section break, which starts a new page anyway)."""
        blocks = [el for el in self.document.element.body if el.tag != qn("w:sectPr")]
        if not blocks or self._break_pending:
            return
        last = blocks[-1]
        if last.tag == qn("w:tbl"):
            self.keep_table_with_next(Table(last, self.document._body), rows=1)
        elif last.tag == qn("w:p") and last.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is None:
            ParagraphFormat(last).keep_with_next = True

    def _has_content(self) -> bool:
        return any(el.tag != qn("w:sectPr") for el in self.document.element.body)
