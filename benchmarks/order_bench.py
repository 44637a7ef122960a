"""The first order's full package (order, roadmap, regulation, both bases, acquaintance sheet)
for the demo school and for a school of 80 teachers, against a plain python-docx script
that writes the same text and tables in the same run (the floor).

    PYTHONPATH=. .venv/bin/python benchmarks/order_bench.py

Budget from the issue: ≤ 1.5 × the floor. Prints the median of 3 runs. Reports only."""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.reports.order_docx import write_package  # noqa: E402
from app.reports.order_parts import OrderPackage  # noqa: E402
from app.reports.page_settings import PageSettings  # noqa: E402
from app.services.demo.demo import create_demo  # noqa: E402
from app.services.orders import orders  # noqa: E402
from app.services.orders.order_document import order_package  # noqa: E402
from app.services.people import persons  # noqa: E402
from app.services.storage.workspace import open_workspace  # noqa: E402

RUNS = 3


def _floor(p: OrderPackage, path: Path) -> None:
    """The same words and tables with nothing but python-docx: no layout, no stamps logic."""
    d = docx.Document()
    for text in [
        p.requisites,
        "ПРИКАЗ",
        f"{p.date} № {p.number}",
        p.place,
        p.title,
        p.preamble,
        "ПРИКАЗЫВАЮ:",
    ]:
        d.add_paragraph(text)
    for i, (text, items) in enumerate(p.points, start=1):
        d.add_paragraph(f"{i}. {text}")
        for item in items:
            d.add_paragraph(f"– {item}")
    d.add_paragraph(f"{p.signer_position}\t{p.signer_name}")
    for a in p.appendices:
        d.add_page_break()
        for line in a.stamp:
            d.add_paragraph(line)
        d.add_paragraph(a.title)
        if a.table is not None:
            t = d.add_table(rows=1, cols=len(a.table.columns))
            for cell, col in zip(t.rows[0].cells, a.table.columns, strict=True):
                cell.text = col.header
            for row in a.table.rows:
                for cell, value in zip(t.add_row().cells, row, strict=True):
                    cell.text = value
        for s in a.sections:
            d.add_paragraph(s.heading)
            for text in s.paragraphs:
                d.add_paragraph(text)
    d.save(str(path))


def _median(fn: Callable[[], None]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _package(root: Path, extra_teachers: int) -> OrderPackage:
    with open_workspace(root, start_backup=False) as ws:
        create_demo(ws.db, today=dt.date(2026, 9, 15))
        for i in range(extra_teachers):
            persons.save_person(
                ws.db,
                persons.PersonData(
                    last_name=f"Учителева{chr(1040 + i % 32)}",
                    first_name="Анна",
                    middle_name="Петровна",
                    position="Учитель",
                    subjects="Математика",
                    mentor=persons.MentorData(competencies="ИКТ, проекты") if i % 2 else None,
                    mentee=None if i % 2 else persons.MenteeData(key_requests="Дисциплина"),
                ),
            )
        oid = orders.list_orders(ws.db)[0].id
        order = orders.get_order(ws.db, oid)
        for a in order.appendices:
            if a.kind.endswith("_base"):
                a.content["with_data"] = True
        order.acquaintance_mode = "sheet"
        orders.save_order(ws.db, order)
        return order_package(ws.db, oid)


def run() -> list[dict[str, float | str]]:
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, extra in (("демо-школа (25 педагогов)", 0), ("школа на 80 педагогов", 55)):
            package = _package(Path(tmp) / f"d{extra}", extra)
            ours = Path(tmp) / f"ours{extra}.docx"
            plain = Path(tmp) / f"plain{extra}.docx"
            layer = _median(lambda p=package, o=ours: write_package(p, o, PageSettings()))
            floor = _median(lambda p=package, o=plain: _floor(p, o))
            out.append({"name": name, "layer_s": layer, "floor_s": floor, "ratio": layer / floor})
    return out


if __name__ == "__main__":
    for r in run():
        verdict = "PASS" if float(r["ratio"]) <= 1.5 else "OVER"
        print(
            f"{r['name']}: пакет приказа {float(r['layer_s']) * 1000:.0f} мс, "
            f"простой python-docx {float(r['floor_s']) * 1000:.0f} мс, "
            f"отношение {float(r['ratio']):.2f} (бюджет ≤ 1.5) {verdict}"
        )
