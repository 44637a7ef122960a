"""Render every document kind of the demo school and of an 80-teacher school and print what
the page check finds in each: ``python tests/documents/report.py`` (from the project root)."""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.services.demo.demo import create_demo  # noqa: E402
from app.services.storage.workspace import open_workspace  # noqa: E402
from benchmarks.datagen import make_school  # noqa: E402
from tests.documents.build import build_all  # noqa: E402
from tests.documents.pagecheck import judge, render  # noqa: E402

TODAY = dt.date(2026, 11, 20)
SCHOOLS = {"демо-школа": 0, "школа на 80 педагогов": 80}


def main() -> None:
    root = Path(tempfile.mkdtemp())
    totals = {"documents": 0, "pages": 0, "broken": 0, "lonely": 0, "numbering": 0}
    for index, (school, teachers) in enumerate(SCHOOLS.items()):
        folder = root / str(index)
        ws = open_workspace(folder, start_backup=False)
        create_demo(ws.db, today=TODAY)
        if teachers:
            make_school(ws.db, teachers=teachers)
        made = build_all(ws, folder / "docs", TODAY)
        ws.close(backup=False)
        started = time.monotonic()
        pdfs = render([m.path for m in made], folder / "pdf")
        print(f"{school}: {len(made)} documents rendered in {time.monotonic() - started:.1f} s")
        for m in made:
            v = judge(m.path, pdfs[m.path], m.numbered)
            totals["documents"] += 1
            totals["pages"] += v.pages
            totals["broken"] += len(v.broken)
            totals["lonely"] += len(v.lonely)
            totals["numbering"] += len(v.numbering)
            print(
                f"  {m.label:34} {v.pages:3} стр.  разрывы {len(v.broken):3}  "
                f"пустые {v.lonely}  нумерация {len(v.numbering)}"
            )
            for problem in (v.broken + v.numbering)[: 6 if "-v" in sys.argv else 0]:
                print(f"      {problem}")
            print(end="")
    print(totals)


if __name__ == "__main__":
    main()
