"""Builders of hostile files for the fault suite: workbooks written part by part (so their XML
can carry what openpyxl would never write) and exchange files bent out of shape."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
PACKAGE_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_RELS}">'
    f'<Relationship Id="rId1" Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_RELS}">'
    f'<Relationship Id="rId1" Type="{_DOC}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_DOC}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)


def workbook_xml(doctype: str = "", sheet_name: str = "Сотрудники") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<workbook xmlns="{_MAIN}" '
        f'xmlns:r="{_DOC}"><sheets><sheet name="{sheet_name}" sheetId="1" r:id="rId1"/>'
        "</sheets></workbook>"
    )


def shared_strings_xml(strings: list[str], doctype: str = "") -> str:
    """The shared strings part; each string is put in as raw XML (entities and all)."""
    items = "".join(f"<si><t>{s}</t></si>" for s in strings)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<sst xmlns="{_MAIN}" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>'
    )


def sheet_xml(rows: list[list[str | int]], doctype: str = "") -> str:
    """A sheet whose cells are shared-string indexes (int) or raw inline XML text (str)."""
    out = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{chr(65 + c)}{r}"
            if isinstance(value, int):
                cells.append(f'<c r="{ref}" t="s"><v>{value}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>')
        out.append(f'<row r="{r}">{"".join(cells)}</row>')
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<worksheet xmlns="{_MAIN}">'
        f"<sheetData>{''.join(out)}</sheetData></worksheet>"
    )


# A staff list: header row, then one person per row (shared strings 0–3).
STAFF_STRINGS = ["ФИО", "Должность", "Проверкина Мария Петровна", "Учитель"]
STAFF_SHEET = [[0, 1], [2, 3]]


def write_xlsx(
    path: Path, sheet: str | None = None, strings: str | None = None, workbook: str | None = None
) -> Path:
    """A workbook assembled from its parts; each part defaults to the two-row staff list."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", PACKAGE_RELS)
        z.writestr("xl/workbook.xml", workbook or workbook_xml())
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet or sheet_xml(STAFF_SHEET))
        z.writestr("xl/sharedStrings.xml", strings or shared_strings_xml(STAFF_STRINGS))
    return path


def billion_laughs(root: str) -> str:
    """A DOCTYPE whose entity ``&lol9;`` expands to a thousand million «lol»s."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    return f"<!DOCTYPE {root} [{''.join(entities)}]>"


def external_entity(root: str, target: Path, parameter: bool = False) -> str:
    """A DOCTYPE that points the entity ``&xxe;`` (or a parameter entity) at a local file."""
    if parameter:
        return f'<!DOCTYPE {root} [<!ENTITY % ext SYSTEM "file://{target}"> %ext;]>'
    return f'<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file://{target}">]>'


def write_json(path: Path, doc: Any) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path
