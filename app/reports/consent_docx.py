"""Consent forms (согласие на обработку ПДн) as DOCX: one person a page, through the shared layer."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.reports.docx_layer import DocBuilder
from app.reports.page_settings import PageSettings

# A form is one sheet the person signs: 12 pt (allowed by ГОСТ for such forms) keeps it there.
SIZE = 12
DASH = "\u2013"


@dataclass
class ConsentSection:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)


@dataclass
class ConsentForm:
    """One filled form: everything printed for one person (built by ``services.consent``)."""

    person_id: int
    full_name: str
    title: str
    intro: list[str]  # lines from the left margin (name, passport and address blanks)
    consent: str
    sections: list[ConsentSection]
    closing: str
    signed_date: str  # the stored consent date, or a blank to fill in by hand


def write_consents(
    forms: list[ConsentForm], path: Path, settings: PageSettings | None = None
) -> Path:
    """Every form on its own page(s); returns ``path`` (written atomically)."""
    title = "Согласие на обработку персональных данных"
    if len(forms) == 1:
        title += " — " + forms[0].full_name
    b = DocBuilder(settings, title=title)
    for n, form in enumerate(forms):
        if n:
            b.page_break()
        b.heading(form.title, space_before=0, size=SIZE)
        for line in form.intro:
            b.paragraph(line, align="left", indent=False, size=SIZE, space_after=3)
        b.paragraph(form.consent, size=SIZE)
        for section in form.sections:
            b.paragraph(
                section.heading,
                bold=True,
                indent=False,
                space_before=4,
                keep_with_next=True,
                size=SIZE,
            )
            for text in section.paragraphs:
                b.paragraph(text, size=SIZE)
            for i, item in enumerate(section.items):
                end = ";" if i < len(section.items) - 1 else "."
                b.paragraph(f"{DASH} {item}{end}", size=SIZE)
        if form.closing:
            b.paragraph(form.closing, space_before=4, size=SIZE)
        b.paragraph(
            f"{form.signed_date}\t____________ / {form.full_name}",
            align="left",
            indent=False,
            right_tab=True,
            space_before=18,
            size=SIZE,
        )
        b.paragraph(
            "(дата)\t(подпись / расшифровка)", align="left", indent=False, right_tab=True, size=9
        )
    return b.save(path)
