"""Page setup of every DOCX (ГОСТ Р 7.0.97-2025): A4, margins, fonts, styles, page numbers."""

from __future__ import annotations

from dataclasses import dataclass, fields

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt
from docx.styles.style import ParagraphStyle
from lxml import etree

A4_WIDTH_MM = 210.0
A4_HEIGHT_MM = 297.0
FIRST_LINE_INDENT_MM = 12.5
DEFAULT_FONT = "Times New Roman"
# The least the standard allows (left for binding, right, top, bottom) and a sane ceiling.
_MIN_LEFT, _MIN_RIGHT, _MIN_TOP, _MIN_BOTTOM = 20.0, 10.0, 20.0, 20.0
_MAX_MARGIN_MM = 60.0
_BODY_SIZES = (10.0, 16.0)
_TABLE_SIZES = (8.0, 14.0)
TABLE_STYLE_ID = "KuratorTable"
TABLE_STYLE_NAME = "Kurator Table Text"
_TWIPS_PER_MM = 1440 / 25.4
LANG = "ru-RU"


def mm_to_twips(mm: float) -> int:
    """Millimetres to twentieths of a point (the unit of widths and tab stops in DOCX)."""
    return round(mm * _TWIPS_PER_MM)


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, float(value)))


@dataclass(frozen=True)
class PageSettings:
    """Page and font settings of every document; values out of range are clamped.

    Margins are in millimetres (never below 20/10/20/20 left/right/top/bottom), sizes in
    points. The defaults are those of ГОСТ Р 7.0.97-2025: 30/10/20/20 mm, Times New Roman 14,
    12 in tables."""

    left_mm: float = 30.0
    right_mm: float = 10.0
    top_mm: float = 20.0
    bottom_mm: float = 20.0
    font_name: str = DEFAULT_FONT
    body_size: float = 14.0
    table_size: float = 12.0

    def __post_init__(self) -> None:
        fix = {
            "left_mm": _clamp(self.left_mm, _MIN_LEFT, _MAX_MARGIN_MM),
            "right_mm": _clamp(self.right_mm, _MIN_RIGHT, _MAX_MARGIN_MM),
            "top_mm": _clamp(self.top_mm, _MIN_TOP, _MAX_MARGIN_MM),
            "bottom_mm": _clamp(self.bottom_mm, _MIN_BOTTOM, _MAX_MARGIN_MM),
            "font_name": (self.font_name or "").strip() or DEFAULT_FONT,
            "body_size": _clamp(self.body_size, *_BODY_SIZES),
            "table_size": _clamp(self.table_size, *_TABLE_SIZES),
        }
        for name, value in fix.items():
            object.__setattr__(self, name, value)

    @classmethod
    def from_mapping(cls, values: dict[str, object]) -> PageSettings:
        """Settings from stored key → value pairs; unknown keys and bad numbers are ignored."""
        known = {f.name for f in fields(cls)}
        kwargs: dict[str, object] = {}
        for key, raw in values.items():
            if key not in known:
                continue
            if key == "font_name":
                kwargs[key] = str(raw)
                continue
            try:
                kwargs[key] = float(str(raw).replace(",", "."))
            except ValueError:
                continue
        return cls(**kwargs)  # type: ignore[arg-type]

    def margins(self, landscape: bool = False) -> tuple[float, float, float, float]:
        """(left, right, top, bottom) in mm for a portrait or a landscape page.

        A landscape page is bound along its top edge when stapled with portrait pages (the
        reader turns the document clockwise), so the margins turn with the sheet: the binding
        margin becomes the top one, the right margin the bottom one."""
        if not landscape:
            return self.left_mm, self.right_mm, self.top_mm, self.bottom_mm
        return self.bottom_mm, self.top_mm, self.left_mm, self.right_mm

    def text_width_mm(self, landscape: bool = False) -> float:
        """Width between the margins of a portrait or landscape A4 page."""
        left, right, _, _ = self.margins(landscape)
        page = A4_HEIGHT_MM if landscape else A4_WIDTH_MM
        return page - left - right


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
