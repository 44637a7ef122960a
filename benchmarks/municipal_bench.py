"""The municipal store at a city's size: 40 schools × 80 teachers (3,200 people, 120,000
roadmap rows, two diagnostic rounds of every teacher), each school a clone of the demo
school's exchange file with its own requisites and teacher names.

    PYTHONPATH=. .venv/bin/python benchmarks/municipal_bench.py [--database URL]

Budgets (issue 15): adding one school's file ≤ 2 s; the heat map ≤ 200 ms; the сводная
справка (DOCX) ≤ 5 s. Prints the median of 3 runs after one warm-up. Reports only."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import app.models  # noqa: E402
from app.services.demo.demo import create_demo  # noqa: E402
from app.services.municipal import store as municipal  # noqa: E402
from app.services.municipal.summary import export_summary  # noqa: E402
from app.services.municipal.views import Period, heat_map  # noqa: E402
from app.services.storage import exchange  # noqa: E402
from app.services.storage.workspace import open_workspace  # noqa: E402

RUNS = 3
SCHOOLS = 40
TEACHERS = 80
ROADMAP_PER_SCHOOL = 3_000
COPIES = 3  # whole demo schools (25 teachers each) merged into one; the rest plain teachers
ROUNDS = (dt.date(2026, 9, 20), dt.date(2027, 4, 20))
BUDGET_ADD_S = 2.0
BUDGET_HEAT_MS = 200.0
BUDGET_SUMMARY_S = 5.0
# Shared by every copy: the grid's directions and levels, questionnaires, the school itself.
SHARED = {
    "school_profile",
    "app_settings",
    "reference_items",
    "directions",
    "diagnostic_levels",
    "questionnaires",
    "questionnaire_questions",
    "program_templates",
    "declension_overrides",
    "monitoring_reports",
}
OFFSET = 100_000
LETTERS = "абвгдежзиклмнопрстуф"


def _median(fn: Callable[[], object], warm: bool = True) -> float:
    return _medians(fn, warm)[0]


def _medians(fn: Callable[[], object], warm: bool = True) -> tuple[float, float]:
    """Median wall time and median CPU time of this process (the machine is shared: the
    CPU time moves less with the other programs' load)."""
    if warm:
        fn()
    walls, cpus = [], []
    for _ in range(RUNS):
        t, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus)


def _fk_targets() -> dict[str, dict[str, str]]:
    """Table → column → the table its foreign key points at."""
    out: dict[str, dict[str, str]] = {}
    for table in exchange.data_tables():
        for col in table.columns:
            for fk in col.foreign_keys:
                out.setdefault(table.name, {})[col.name] = fk.column.table.name
    return out


def _suffix(n: int) -> str:
    """Letters for a number: names hold no digits."""
    return "".join(LETTERS[int(c)] for c in str(n))


def school_file(base: dict[str, Any], n: int) -> dict[str, Any]:
    """School ``n``: ``COPIES`` clones of the demo's people and their work, plain teachers up
    to ``TEACHERS``, two fresh diagnostic rounds each, roadmaps topped up to the rows wanted."""
    rng = random.Random(n)
    fks = _fk_targets()
    tables: dict[str, list[dict[str, Any]]] = {}
    for name, rows in base["tables"].items():
        if name in SHARED:
            tables[name] = json.loads(json.dumps(rows))
            continue
        if name in ("diagnostic_rounds", "diagnostic_entries"):
            tables[name] = []
            continue
        out = []
        for copy in range(COPIES):
            for row in rows:
                row = dict(row)
                if isinstance(row.get("id"), int):
                    row["id"] += copy * OFFSET
                for col, target in fks.get(name, {}).items():
                    if target not in SHARED and isinstance(row.get(col), int):
                        row[col] += copy * OFFSET
                if name == "persons":
                    row["last_name"] = f"{row['last_name']}-{_suffix(n)}{LETTERS[copy]}"
                out.append(row)
        tables[name] = out
    persons = tables["persons"]
    for i in range(TEACHERS - len(persons)):
        persons.append(
            {"id": 9 * OFFSET + i, "last_name": f"Учителева-{_suffix(n)}{LETTERS[i]}",
             "first_name": "Мария", "middle_name": "Петровна", "position": "Учитель"}
        )  # fmt: skip
    items = tables["program_items"]
    per_program: dict[int, list[dict[str, Any]]] = {}
    for item in items:
        per_program.setdefault(item["program_id"], []).append(item)
    next_id = 8 * OFFSET
    while len(items) < ROADMAP_PER_SCHOOL:
        for group in per_program.values():
            for item in group[:3]:
                if len(items) >= ROADMAP_PER_SCHOOL:
                    break
                items.append({**item, "id": next_id, "seq": next_id})
                next_id += 1
    directions = [d["id"] for d in tables["directions"]]
    levels = [lv["id"] for lv in tables["diagnostic_levels"]]
    rounds, entries = tables["diagnostic_rounds"], tables["diagnostic_entries"]
    for person in persons:
        for day in ROUNDS:
            rid = len(rounds) + 1
            rounds.append({"id": rid, "person_id": person["id"], "date": day.isoformat()})
            for did in directions:
                entries.append(
                    {"id": len(entries) + 1, "round_id": rid, "direction_id": did,
                     "level_id": rng.choice(levels), "deficit": "Затруднения в работе"}
                )  # fmt: skip
    profile = tables["school_profile"][0]
    profile["full_name"] = f"МБОУ «Средняя школа {_suffix(n)}»"
    profile["short_name"] = f"Школа {_suffix(n)}"
    profile["inn"] = f"{3800000000 + n}"
    return {**base, "exported_at": "2027-05-30T10:00:00", "tables": tables}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", help="the store on a server instead of a folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with open_workspace(root / "demo", start_backup=False) as ws:
            create_demo(ws.db, today=dt.date(2027, 5, 30))
            exchange.export_data(ws.db, root / "demo.json")
        base = json.loads((root / "demo.json").read_text(encoding="utf-8"))
        files = []
        for n in range(SCHOOLS + 1):
            path = root / f"school-{n}.json"
            path.write_text(json.dumps(school_file(base, n), ensure_ascii=False), encoding="utf-8")
            files.append(path)
        store = (
            municipal.open_store_url(args.database)
            if args.database
            else municipal.open_store(root / "gmk")
        )
        t = time.perf_counter()
        for path in files[:SCHOOLS]:
            municipal.add_file(store, path)
        fill_s = time.perf_counter() - t

        # one more school, then refreshes of it with newer files (replacing the snapshot)
        stamps = iter(f"2027-06-0{d}T10:00:00" for d in range(1, 9))

        def add_one() -> None:
            doc = json.loads(files[SCHOOLS].read_text(encoding="utf-8"))
            doc["exported_at"] = next(stamps)
            files[SCHOOLS].write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
            municipal.add_file(store, files[SCHOOLS])

        add_s, add_cpu_s = _medians(add_one, warm=False)
        heat_s = _median(lambda: heat_map(store))
        out = root / "справка.docx"
        summary_s, summary_cpu_s = _medians(lambda: export_summary(store, out, Period()))
        with store.session() as s:
            teachers = s.query(app.models.municipal.StoredTeacher).count()
            cells = s.query(app.models.municipal.StoredDiagnosis).count()
        store.dispose()
    result = {
        "engine": "postgresql" if args.database else "sqlite",
        "schools": SCHOOLS + 1,
        "teachers": teachers,
        "diagnosis_rows": cells,
        "roadmap_rows_in_files": ROADMAP_PER_SCHOOL * (SCHOOLS + 1),
        "fill_40_schools_s": round(fill_s, 1),
        "add_one_file_s": round(add_s, 3),
        "add_one_file_cpu_s": round(add_cpu_s, 3),
        "heat_map_ms": round(heat_s * 1000, 1),
        "summary_docx_s": round(summary_s, 3),
        "summary_docx_cpu_s": round(summary_cpu_s, 3),
        "within_budget": add_s <= BUDGET_ADD_S
        and heat_s * 1000 <= BUDGET_HEAT_MS
        and summary_s <= BUDGET_SUMMARY_S,
    }
    print("BENCH_RESULT " + json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
