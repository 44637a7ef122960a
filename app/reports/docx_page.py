"""Page setup of every DOCX (ГОСТ Р 7.0.97-2025): A4, margins, fonts, styles, page numbers."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.section import WD_HEADER_FOOTER, WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt
from docx.styles.style import ParagraphStyle
from lxml import etree

from app.reports.page_settings import A4_HEIGHT_MM, A4_WIDTH_MM, PageSettings

FIRST_LINE_INDENT_MM = 12.5
TABLE_STYLE_ID = "KuratorTable"
TABLE_STYLE_NAME = "Kurator Table Text"
_TWIPS_PER_MM = 1440 / 25.4
LANG = "ru-RU"


def mm_to_twips(mm: float) -> int:
    """Millimetres to twentieths of a point (the unit of widths and tab stops in DOCX)."""
    return round(mm * _TWIPS_PER_MM)


def apply_geometry(section: Section, settings: PageSettings, landscape: bool) -> None:
    """A4 in the given orientation with the settings' margins (turned for landscape)."""
    left, right, top, bottom = settings.margins(landscape)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    if landscape:
        section.page_width, section.page_height = Mm(A4_HEIGHT_MM), Mm(A4_WIDTH_MM)
    else:
        section.page_width, section.page_height = Mm(A4_WIDTH_MM), Mm(A4_HEIGHT_MM)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.gutter = Mm(0)
    # The page number sits in the middle of the top margin.
    section.header_distance = Mm(top / 2)
    section.footer_distance = Mm(bottom / 2)


def text_width_twips(section: Section) -> int:
    """Width between the margins of ``section`` in twips."""
    width = int(section.page_width or 0) - int(section.left_margin or 0)
    width -= int(section.right_margin or 0)
    return round(width / 635)  # 635 EMU per twip


def _set_fonts(rpr: etree._Element, font: str, size: float | None) -> None:
    """Name ``font`` for every script (LibreOffice measures with the east-asian/cs one too)."""
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    fonts = etree.Element(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)
    rpr.insert(0, fonts)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            for old in rpr.findall(qn(tag)):
                rpr.remove(old)
            etree.SubElement(rpr, qn(tag)).set(qn("w:val"), str(round(size * 2)))
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    lang = etree.SubElement(rpr, qn("w:lang"))
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), LANG)


def _doc_defaults(doc: DocxDocument, settings: PageSettings) -> None:
    styles_el = doc.styles.element
    rpr = styles_el.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is not None:
        _set_fonts(rpr, settings.font_name, settings.body_size)
    ppr = styles_el.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")
    if ppr is not None:
        for old in ppr.findall(qn("w:spacing")):
            ppr.remove(old)
        spacing = etree.SubElement(ppr, qn("w:spacing"))
        spacing.set(qn("w:after"), "0")
        spacing.set(qn("w:line"), "240")
        spacing.set(qn("w:lineRule"), "auto")


def _body_format(style: ParagraphStyle, settings: PageSettings, size: float) -> None:
    style.font.name = settings.font_name
    style.font.size = Pt(size)
    _set_fonts(style.element.get_or_add_rPr(), settings.font_name, size)
    fmt = style.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.widow_control = True


def setup_styles(doc: DocxDocument, settings: PageSettings) -> None:
    """Normal: the body text (font for every script, justified, indent 1.25 cm, single
    spacing, nothing after); Header: the centred page number; a table-text style."""
    _doc_defaults(doc, settings)
    normal = doc.styles["Normal"]
    assert isinstance(normal, ParagraphStyle)
    _body_format(normal, settings, settings.body_size)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.paragraph_format.first_line_indent = Mm(FIRST_LINE_INDENT_MM)

    header = doc.styles["Header"]
    assert isinstance(header, ParagraphStyle)
    _body_format(header, settings, settings.table_size)
    header.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.paragraph_format.first_line_indent = Mm(0)
    header.paragraph_format.tab_stops.clear_all()

    table_text = doc.styles.add_style(TABLE_STYLE_NAME, WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(table_text, ParagraphStyle)
    table_text.element.set(qn("w:styleId"), TABLE_STYLE_ID)
    table_text.base_style = normal
    _body_format(table_text, settings, settings.table_size)
    table_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    table_text.paragraph_format.first_line_indent = Mm(0)


def setup_settings(doc: DocxDocument) -> None:
    """Word 2013+ layout (a table's border, not its text, sits on the margin) and Russian
    as the document language."""
    settings_el = doc.settings.element
    for cs in settings_el.iter(qn("w:compatSetting")):
        if cs.get(qn("w:name")) == "compatibilityMode":
            cs.set(qn("w:val"), "15")
    for tfl in settings_el.findall(qn("w:themeFontLang")):
        tfl.set(qn("w:val"), LANG)
        tfl.set(qn("w:eastAsia"), LANG)


def _page_field(p: etree._Element) -> None:
    """Append a PAGE field (begin / instruction / separate / shown value / end) to ``p``."""

    def run() -> etree._Element:
        return etree.SubElement(p, qn("w:r"))

    etree.SubElement(run(), qn("w:fldChar")).set(qn("w:fldCharType"), "begin")
    instr = etree.SubElement(run(), qn("w:instrText"))
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = " PAGE "
    etree.SubElement(run(), qn("w:fldChar")).set(qn("w:fldCharType"), "separate")
    etree.SubElement(run(), qn("w:t")).text = "2"
    etree.SubElement(run(), qn("w:fldChar")).set(qn("w:fldCharType"), "end")


def setup_page_numbers(section: Section) -> None:
    """Page numbers from page 2, centred at the top: an empty first-page header and a
    default header holding a PAGE field. Later sections inherit both."""
    section.different_first_page_header_footer = True
    first = section.first_page_header
    first.is_linked_to_previous = False
    first.paragraphs[0].style = "Header"
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.style = "Header"
    for child in list(p._p):
        if child.tag != qn("w:pPr"):
            p._p.remove(child)
    _page_field(p._p)


def page_number_refs(section: Section) -> dict[WD_HEADER_FOOTER, str]:
    """The header references :func:`setup_page_numbers` gave ``section`` (type → rId)."""
    refs: dict[WD_HEADER_FOOTER, str] = {}
    for kind in (WD_HEADER_FOOTER.PRIMARY, WD_HEADER_FOOTER.FIRST_PAGE):
        ref = section._sectPr.get_headerReference(kind)
        if ref is not None:
            refs[kind] = ref.rId
    return refs


def unify_page_numbers(doc: DocxDocument, refs: dict[WD_HEADER_FOOTER, str]) -> None:
    """One page numbering through the whole file, whatever was merged into it.

    The first section (in reading order) gets the page-number headers ``refs`` and the
    distinct first page (no number on it); every later section, portrait or landscape, ours
    or one a merged document brought, loses its own headers, footers, distinct first page
    and restart value, so it shows the first section's number header and counts on. Header
    and footer parts no section uses any more are dropped from the file."""
    body = doc.element.body
    sect_prs = body.xpath("./w:p/w:pPr/w:sectPr | ./w:sectPr")
    for index, sect_pr in enumerate(sect_prs):
        for ref in sect_pr.xpath("./w:headerReference | ./w:footerReference"):
            sect_pr.remove(ref)
        for num in sect_pr.findall(qn("w:pgNumType")):
            num.attrib.pop(qn("w:start"), None)
            if not num.attrib:
                sect_pr.remove(num)
        if index == 0:
            for kind, rid in refs.items():
                sect_pr.add_headerReference(kind, rid)
            sect_pr.titlePg_val = True
        else:
            sect_pr.titlePg_val = None
    part = doc.part
    used = set(body.xpath(".//w:headerReference/@r:id | .//w:footerReference/@r:id"))
    for rid, rel in list(part.rels.items()):
        if rel.reltype in (RT.HEADER, RT.FOOTER) and rid not in used:
            part.drop_rel(rid)
