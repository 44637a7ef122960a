"""Another DOCX made ready to merge into ours: its styles kept apart from ours, so its text
prints inside the package as it prints on its own."""

from __future__ import annotations

import contextlib
from copy import deepcopy

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

# Word's built-in style names as a Russian Word shows them; others keep their own name.
_RUSSIAN_NAMES = {
    "normal": "Обычный",
    "title": "Название",
    "subtitle": "Подзаголовок",
    "body text": "Основной текст",
    "list paragraph": "Абзац списка",
    "table grid": "Сетка таблицы",
    "normal table": "Обычная таблица",
    "default paragraph font": "Основной шрифт абзаца",
    "no list": "Нет списка",
    "header": "Верхний колонтитул",
    "footer": "Нижний колонтитул",
    "no spacing": "Без интервала",
    **{f"heading {n}": f"Заголовок {n}" for n in range(1, 10)},
}
NAME_SUFFIX = " (приложение)"
_THEME_ATTRS = {
    "w:asciiTheme": "w:ascii",
    "w:hAnsiTheme": "w:hAnsi",
    "w:eastAsiaTheme": "w:eastAsia",
    "w:cstheme": "w:cs",
}
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _canon(el: etree._Element | None) -> bytes:
    return b"" if el is None else etree.tostring(el, method="c14n")


def _theme_fonts(doc: DocxDocument) -> dict[str, str]:
    """«major»/«minor» → the latin typeface of ``doc``'s theme (empty when it has none)."""
    try:
        theme = etree.fromstring(doc.part.part_related_by(RT.THEME).blob)
    except (KeyError, ValueError, etree.XMLSyntaxError):
        return {}
    fonts: dict[str, str] = {}
    for kind in ("major", "minor"):
        latin = theme.find(f".//{_A}{kind}Font/{_A}latin")
        if latin is not None and latin.get("typeface"):
            fonts[kind] = str(latin.get("typeface"))
    return fonts


def _resolve_theme_fonts(root: etree._Element, fonts: dict[str, str]) -> None:
    """Name the theme's fonts outright: our theme is not theirs."""
    for r_fonts in root.iter(qn("w:rFonts")):
        for theme_attr, attr in _THEME_ATTRS.items():
            value = r_fonts.get(qn(theme_attr))
            if value is None:
                continue
            face = fonts.get("major" if value.startswith("major") else "minor")
            if face:
                del r_fonts.attrib[qn(theme_attr)]
                r_fonts.set(qn(attr), face)


def _fold(target: etree._Element, defaults: etree._Element | None) -> None:
    """Add to ``target`` (a style's w:pPr or w:rPr) every default property it lacks."""
    if defaults is None:
        return
    have = {child.tag for child in target}
    for child in defaults:
        if child.tag not in have:
            target.append(deepcopy(child))


def _props(style: etree._Element, tag: str) -> etree._Element:
    """The style's w:pPr / w:rPr, added in schema order when missing."""
    found = style.find(qn(tag))
    if found is not None:
        return found
    el = etree.Element(qn(tag))
    after = [
        t for t in ("w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr") if style.find(qn(t)) is not None
    ]
    if tag == "w:pPr" and style.find(qn("w:rPr")) is not None:
        style.find(qn("w:rPr")).addprevious(el)
    elif after:
        style.find(qn(after[0])).addprevious(el)
    else:
        style.append(el)
    return el


def isolate_styles(other: DocxDocument, ours: DocxDocument) -> None:
    """Rename every style of ``other`` that differs from ours (or all of them when its
    document defaults differ) to an id and name of its own, so merging maps none of its
    paragraphs onto our «Обычный». Its document defaults and theme fonts are written into its
    root paragraph styles; its paragraphs and tables without a style get its default one by
    name. Styles equal to ours (a program we wrote ourselves) stay shared."""
    styles = other.styles.element
    our_styles = ours.styles.element
    fonts = _theme_fonts(other)
    _resolve_theme_fonts(styles, fonts)
    _resolve_theme_fonts(other.element.body, fonts)
    doc_defaults = styles.find(qn("w:docDefaults"))
    same_defaults = _canon(doc_defaults) == _canon(our_styles.find(qn("w:docDefaults")))
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}

    def same(sid: str, seen: frozenset[str] = frozenset()) -> bool:
        mine = our_styles.get_by_id(sid)
        if not same_defaults or mine is None or _canon(mine) != _canon(by_id[sid]):
            return False
        based = by_id[sid].find(qn("w:basedOn"))
        parent = None if based is None else based.get(qn("w:val"))
        return parent is None or parent in seen or parent not in by_id or same(parent, seen | {sid})

    taken = {s.get(qn("w:styleId")) for s in our_styles.findall(qn("w:style"))} | set(by_id)
    renamed: dict[str, str] = {}
    for sid in by_id:
        if same(sid):
            continue
        new = f"{sid}Prilozhenie"
        while new in taken:
            new += "1"
        taken.add(new)
        renamed[sid] = new
    defaults: dict[str, str] = {}
    for sid, new in renamed.items():
        style = by_id[sid]
        style.set(qn("w:styleId"), new)
        name = style.find(qn("w:name"))
        if name is not None:
            old = str(name.get(qn("w:val")))
            name.set(qn("w:val"), _RUSSIAN_NAMES.get(old.lower(), old) + NAME_SUFFIX)
        if style.get(qn("w:default")) in ("1", "true"):
            del style.attrib[qn("w:default")]
            defaults[str(style.get(qn("w:type")))] = new
        if (
            style.get(qn("w:type")) == "paragraph"
            and style.find(qn("w:basedOn")) is None
            and doc_defaults is not None
        ):
            _fold(_props(style, "w:pPr"), doc_defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}"))
            _fold(_props(style, "w:rPr"), doc_defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}"))
    roots = [styles, other.element.body]
    with contextlib.suppress(KeyError, NotImplementedError):
        roots.append(other.part.numbering_part.element)
    for root in roots:
        for el in root.iter(
            qn("w:pStyle"),
            qn("w:rStyle"),
            qn("w:tblStyle"),
            qn("w:basedOn"),
            qn("w:next"),
            qn("w:link"),
            qn("w:numStyleLink"),
            qn("w:styleLink"),
        ):
            val = el.get(qn("w:val"))
            if val in renamed:
                el.set(qn("w:val"), renamed[val])
    _give_default(other.element.body, "w:p", "w:pPr", "w:pStyle", defaults.get("paragraph"))
    _give_default(other.element.body, "w:tbl", "w:tblPr", "w:tblStyle", defaults.get("table"))


def _give_default(body: etree._Element, tag: str, props: str, ref: str, sid: str | None) -> None:
    """Name ``sid`` as the style of every ``tag`` element that names none."""
    if sid is None:
        return
    for el in body.iter(qn(tag)):
        pr = el.find(qn(props))
        if pr is None:
            pr = etree.Element(qn(props))
            el.insert(0, pr)
        if pr.find(qn(ref)) is None:
            style = etree.Element(qn(ref))
            style.set(qn("w:val"), sid)
            pr.insert(0, style)


def copy_base_styles(ours: DocxDocument, other: DocxDocument) -> None:
    """Copy into ``ours`` the styles of ``other`` that merged styles are based on (merging
    brings only the styles the text names, not the ones they inherit from)."""
    our_styles = ours.styles.element
    theirs = {s.get(qn("w:styleId")): s for s in other.styles.element.findall(qn("w:style"))}
    while True:
        have = {s.get(qn("w:styleId")) for s in our_styles.findall(qn("w:style"))}
        wanted = {
            el.get(qn("w:val"))
            for el in our_styles.iter(qn("w:basedOn"), qn("w:link"))
            if el.get(qn("w:val")) not in have and el.get(qn("w:val")) in theirs
        }
        if not wanted:
            return
        for sid in sorted(str(w) for w in wanted):
            our_styles.append(deepcopy(theirs[sid]))
