"""What widths from content cost a document: the base of mentors (200 people) and the school's
diagnostic grid (demo school topped up to TEACHERS teachers) written as DOCX with their column
widths computed from the content, against the same documents with the declared widths the
writers used before (issue 13: at most 20 % more).

    PYTHONPATH=. .venv/bin/python benchmarks/widths_bench.py [DATA_DIR]

DATA_DIR (optional) is a data folder whose teachers all have a diagnosis (see
grid_bench.add_rounds); without it one is generated. Prints ``BENCH_RESULT <json>``
(seconds; the best of RUNS runs): the whole write with content widths (``*_s``), with
the declared widths (``*_declared_s``), the width computation alone on the biggest table's
text (``*_widths_s``) and its share of the declared write (``*_added``). Reports only; not a test."""

from __future__ import annotations

import json
import math
import sys
import tempfile
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.reports import col_widths, docx_tables  # noqa: E402
from app.reports.table import Column  # noqa: E402

RUNS = 5
TEACHERS = 600
MENTORS = 200
BUDGET = 0.20


class _Declared:
    """The fit of the declared widths: headings and cells as they are."""

    def heading(self, i: int, text: str) -> str:
        return text

    def cell(self, i: int, text: str, bold: bool = False) -> str:
        return text


def _declared_widths(
    columns: Sequence[Column], total_twips: int, font_size: float
) -> tuple[list[int], _Declared]:
    """The widths before issue 13: each column's declared characters, scaled to the total."""
    natural = [docx_tables.natural_width_twips(c, font_size) for c in columns]
    result = [max(1, math.floor(w * total_twips / sum(natural))) for w in natural]
    result[max(range(len(result)), key=lambda i: result[i])] += total_twips - sum(result)
    return result, _Declared()


@contextmanager
def _declared() -> Iterator[None]:
    names = ("measure_table", "fitting_size", "fit_widths")
    saved = {n: getattr(docx_tables, n) for n in names}
    docx_tables.measure_table = lambda columns, rows, **kw: columns  # type: ignore[assignment]
    docx_tables.fitting_size = lambda text, total, size, **kw: (size, kw["paddings"][0])  # type: ignore[assignment]
    docx_tables.fit_widths = lambda columns, total, size, **kw: _declared_widths(  # type: ignore[assignment]
        columns, total, size
    )
    try:
        yield
    finally:
        for n in names:
            setattr(docx_tables, n, saved[n])


def _best(fn: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        # The metric's caches would make every run after the first cheaper than a real one.
        _clear_caches()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)  # the machine is shared: the least disturbed run


def _clear_caches() -> None:
    for cached in (
        col_widths.text_width,
        col_widths._token,
        col_widths._measure,
        col_widths._measure_heading,
        col_widths.line_count,
    ):
        cached.cache_clear()


@dataclass
class _Table:
    """The arguments ``build_table`` was given for the biggest table of a document."""

    columns: Sequence[Column]
    texts: list[list[str]]
    width_twips: int
    size: float
    bold: Collection[int]
    rotated: Collection[int]


def _captured(write: Callable[[], object]) -> _Table:
    from app.reports import docx_layer
    from app.reports.docx_text import doc_text

    seen: list[_Table] = []
    build = docx_layer.build_table

    def spy(
        columns: Sequence[Column], rows: Sequence[Sequence[object]], width: int, **kw: Any
    ) -> Any:
        texts = [[doc_text(v) for v in row] for row in rows]
        seen.append(
            _Table(
                columns, texts, width, kw["font_size"], kw.get("bold", ()), kw.get("rotated", ())
            )
        )
        return build(columns, rows, width, **kw)

    docx_layer.build_table = spy  # type: ignore[assignment]
    try:
        write()
    finally:
        docx_layer.build_table = build  # type: ignore[assignment]
    return max(seen, key=lambda t: len(t.texts) * len(t.columns))


def _computation(t: _Table) -> None:
    """What ``build_table`` adds for widths from content, alone: measuring, choosing the
    size, the widths and the cell texts."""
    text = docx_tables.measure_table(t.columns, t.texts, bold=t.bold, rotated=t.rotated)
    size, padding = docx_tables.fitting_size(
        text, t.width_twips / 20, t.size, least_size=10.0, paddings=(8.0, 4.0)
    )
    margin = round(padding * 10)
    _, fit = docx_tables.fit_widths(text, t.width_twips, size, margin_twips=margin)
    for values in t.texts:
        for i, v in enumerate(values):
            fit.cell(i, v)


def _compare(name: str, write: Callable[[], object]) -> dict[str, float]:
    """The write with content widths, with declared widths, and the computation alone."""
    table = _captured(write)
    with _declared():
        before = _best(write)
    after = _best(write)
    widths = _best(lambda: _computation(table), 4 * RUNS)
    return {
        f"{name}_s": round(after, 3),
        f"{name}_declared_s": round(before, 3),
        f"{name}_widths_s": round(widths, 3),
        f"{name}_added": round(widths / before, 3),
    }


def _turned(value: object, n: int) -> object:
    if not isinstance(value, str) or " " not in value:
        return value
    words = value.split(" ")
    k = n % len(words)
    return " ".join(words[k:] + words[:k])


def measure(data_dir: Path, out: Path) -> dict[str, object]:
    from app.reports.table_docx import write_table_docx
    from app.services.documents.exports import run_export
    from app.services.pairs.bases import mentors_base
    from app.services.storage.workspace import open_workspace

    result: dict[str, object] = {}
    with open_workspace(data_dir, start_backup=False) as ws:
        base = mentors_base(ws.db)
        # The demo school's mentors over and over, each text with its words turned round
        # so that no two cells are alike (a real school repeats words, not whole cells).
        rows = [
            [n, *(_turned(v, n) for v in base.rows[n % len(base.rows)][1:])]
            for n in range(1, MENTORS + 1)
        ]
        result["mentors"] = len(rows)
        result.update(
            _compare(
                "base_docx",
                lambda: write_table_docx(
                    out / "base.docx", base.title, base.subtitle, base.columns, rows
                ),
            )
        )
        result["teachers"] = TEACHERS
        result.update(_compare("grid_docx", lambda: run_export(ws.db, "grid", out / "grid.docx")))
    return result


def run(data_dir: Path | None = None) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        if data_dir is None:
            sys.path.insert(0, str(ROOT / "benchmarks"))
            import datagen
            import grid_bench

            data_dir = Path(tmp) / "school"
            datagen.make_municipal(data_dir, n_persons=TEACHERS)
            grid_bench.add_rounds(data_dir)
        return measure(data_dir, Path(tmp))


if __name__ == "__main__":
    r = run(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
    print("BENCH_RESULT " + json.dumps(r), flush=True)
    for name, label in (("base_docx", "база наставников"), ("grid_docx", "карта школы")):
        print(
            f"{label}: {r[name + '_s']:.2f} с по содержимому, "
            f"{r[name + '_declared_s']:.2f} с по заданным ширинам, расчёт ширин "
            f"{r[name + '_widths_s']:.3f} с, прибавка {r[name + '_added']:.0%} "
            f"(ориентир ≤ {BUDGET:.0%})"
        )
