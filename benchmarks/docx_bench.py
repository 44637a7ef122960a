"""The DOCX layer against its floor: 4 tables × 100 rows through ``DocBuilder`` and the same
text through a plain python-docx script (``add_table`` + ``row.cells``), built and saved.

    PYTHONPATH=. .venv/bin/python benchmarks/docx_bench.py

Prints the median of 3 runs of each and their ratio (the issue's budget: ≤ 1.5 × floor).
Reports only; not a test."""

from __future__ import annotations

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

from app.reports.docx_layer import DocBuilder  # noqa: E402
from app.reports.table import Column  # noqa: E402

RUNS = 3
TABLES = 4
ROWS = 100
COLUMNS = [
    Column("№", 4, wrap=False),
    Column("Мероприятие", 50),
    Column("Сроки", 16),
    Column("Ответственные", 18),
]


def _content() -> list[tuple[str, list[list[str]]]]:
    """Headings and rows shared by both builders."""
    tables = []
    for t in range(1, TABLES + 1):
        rows = [
            [
                str(r),
                f"Информирование педагогического сообщества о реализации программы "
                f"наставничества, этап {t}.{r}",
                "До 01.08.2022",
                "Куратор\nСекретарь",
            ]
            for r in range(1, ROWS + 1)
        ]
        tables.append((f"Приложение {t}", rows))
    return tables


def build_layer(out: Path) -> None:
    """The document through the shared layer (page setup, stamps' headings, fitted tables)."""
    b = DocBuilder(title="Бенчмарк")
    for i, (heading, rows) in enumerate(_content()):
        if i:
            b.page_break()
        b.heading(heading)
        b.add_table(COLUMNS, rows)
    b.save(out)


def build_floor(out: Path) -> None:
    """The same text with a bare python-docx script: the least any DOCX writer pays."""
    d = docx.Document()
    for i, (heading, rows) in enumerate(_content()):
        if i:
            d.add_page_break()
        d.add_paragraph(heading)
        table = d.add_table(rows=1, cols=len(COLUMNS))
        for cell, column in zip(table.rows[0].cells, COLUMNS, strict=True):
            cell.text = column.header
        for values in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, values, strict=True):
                cell.text = value
    d.save(str(out))


def _median_seconds(build: Callable[[Path], None], folder: Path) -> float:
    times = []
    for n in range(RUNS):
        start = time.perf_counter()
        build(folder / f"{build.__name__}-{n}.docx")
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run() -> dict[str, float]:
    """Median seconds of the layer and of the floor, and layer / floor."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        build_floor(folder / "warm-floor.docx")  # imports and template loading out of the way
        build_layer(folder / "warm-layer.docx")
        floor = _median_seconds(build_floor, folder)
        layer = _median_seconds(build_layer, folder)
    return {"floor_s": floor, "layer_s": layer, "ratio": layer / floor}


if __name__ == "__main__":
    result = run()
    print(f"{TABLES} tables × {ROWS} rows, median of {RUNS}")
    print(f"  floor (python-docx add_table + row.cells): {result['floor_s'] * 1000:7.1f} ms")
    print(f"  DocBuilder (app/reports/docx_layer):      {result['layer_s'] * 1000:7.1f} ms")
    print(f"  ratio layer / floor: {result['ratio']:.2f} (budget ≤ 1.5)")
