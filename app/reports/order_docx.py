"""The order package as DOCX: the order, its appendices, the acquaintance sheet."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from app.reports.docx_blocks import Acquaintance, Point
from app.reports.docx_layer import DocBuilder
from app.reports.docx_tables import needs_landscape
from app.reports.order_parts import AppendixPart, OrderPackage
from app.reports.page_settings import PageSettings


def _order(b: DocBuilder, p: OrderPackage) -> None:
    if p.founder:
        b.requisites(p.requisites, founder=p.founder)
    else:
        b.requisites(p.requisites)
    b.doc_kind()
    b.date_number(p.date, p.number, p.place)
    b.title(p.title)
    b.preamble(p.preamble)
    b.directive()
    # the end of the last point keeps the signature company on its page
    b.points([Point(text, items) for text, items in p.points], keep_last=True)
    b.signature(p.signer_position, p.signer_name)
    if p.acquaintance_mode == "inline" and p.acquaintance:
        if b.acquaintance_fits(len(p.acquaintance)):
            b.acquaintance([name for name, _ in p.acquaintance])
        else:
            # A list that would not share the signature's page: the sheet schools use,
            # right after the order's text, its rows never split, its header repeated.
            b.page_break()
            _sheet(b, p)


def _appendix(b: DocBuilder, a: AppendixPart, first_on_page: bool) -> None:
    landscape = a.table is not None and needs_landscape(
        a.table.columns, b.settings.table_size, b.settings, a.table.rows
    )
    if a.docx is not None:
        # A document of its own (the school's, a program) brings its page geometry: it
        # gets a section of its own, its stamp included, so the pages before keep ours.
        b.start_section(landscape=False)
    elif landscape != b.landscape:
        b.start_section(landscape=landscape)
    elif not first_on_page:
        b.page_break()
    if a.stamp:  # a program carries its own «УТВЕРЖДЕНО» on its title page
        b.appendix_stamp(a.stamp)
    if a.approval is not None:
        agreed, approved = a.approval
        b.keep_table_with_next(b.approval_stamps(agreed, approved))
    if a.docx is not None:  # the school's own document replaces the starter text
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "school.docx"
            path.write_bytes(a.docx)
            b.append_document(path)
        return
    b.heading(a.title, space_before=0)
    if a.table is not None:
        b.add_table(a.table.columns, a.table.rows)
    for section in a.sections:
        if section.heading:
            b.heading(section.heading, space_before=6, space_after=6)
        for text in section.paragraphs:
            b.paragraph(text)


def _sheet(b: DocBuilder, p: OrderPackage) -> None:
    b.acquaintance_sheet(
        [Acquaintance(name, position) for name, position in p.acquaintance],
        subtitle=f"с приказом {p.title[:1].lower() + p.title[1:]}\nот {p.date} № {p.number}",
        blank_rows=3,
    )


def write_package(p: OrderPackage, path: Path, settings: PageSettings | None = None) -> Path:
    """One file: the order, every appendix, then the acquaintance sheet if chosen."""
    b = DocBuilder(settings, title=p.caption)
    _order(b, p)
    for a in p.appendices:
        _appendix(b, a, first_on_page=False)
    if p.acquaintance_mode == "sheet":
        if b.landscape:
            b.start_section(landscape=False)
        else:
            b.page_break()
        _sheet(b, p)
    return b.save(path)


def _appendix_job(a: AppendixPart) -> Callable[[DocBuilder], None]:
    def fill(b: DocBuilder) -> None:
        _appendix(b, a, first_on_page=True)

    return fill


def write_split(p: OrderPackage, folder: Path, settings: PageSettings | None = None) -> list[Path]:
    """Separate files in ``folder``: the order, each appendix, the acquaintance sheet."""
    jobs: list[tuple[str, Callable[[DocBuilder], None]]] = [(p.file_stem, lambda b: _order(b, p))]
    lone = len(p.appendices) == 1  # a lone appendix has no number (ГОСТ Р 7.0.97)
    for a in p.appendices:
        name = "приложение" if lone else f"приложение {a.number}"
        jobs.append((f"{p.file_stem} — {name}", _appendix_job(a)))
    if p.acquaintance_mode == "sheet":
        jobs.append((f"{p.file_stem} — лист ознакомления", lambda b: _sheet(b, p)))
    written = []
    for stem, fill in jobs:
        b = DocBuilder(settings, title=stem)
        fill(b)
        written.append(b.save(folder / f"{stem}.docx"))
    return written
