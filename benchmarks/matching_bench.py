"""Mentor suggestions for one mentee among 2,000 teachers with diagnostics (budget ≤ 100 ms).

    python benchmarks/matching_bench.py [--persons N]

Builds a throwaway data folder: N teachers, each with one diagnostic round over all eleven
directions (random levels and strength texts), and 400 running pairs; then times
``matching.suggest_mentors`` for a mentee (the whole call: reading the grid, the loads and
ranking), ``suggest_reverse``, and ranking alone on an index already read (what the dialog
does when switching between mentees). Every call reads the whole grid again (through
``grid_state.latest_levels``); the first call of the process and the grid read alone are
reported too. Prints ``BENCH_RESULT <json>`` with the medians."""

from __future__ import annotations

import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RUNS = 7
BUDGET_MS = 100.0


def build(data_dir: Path, persons: int) -> tuple[object, list[int]]:
    """A data folder with ``persons`` diagnosed teachers and 400 pairs; returns (ws, ids)."""
    from sqlalchemy import insert

    from app.models import DiagnosticEntry, DiagnosticRound, MentorProfile, Pair, PairMentee, Person
    from app.services.grid import grid_state
    from app.services.storage.workspace import open_workspace

    rnd = random.Random(5)
    ws = open_workspace(data_dir)
    db = ws.db
    dirs = [d.id for d in grid_state.directions(db)]
    levels = [lv.id for lv in grid_state.levels(db)]
    subjects = [
        "Математика",
        "Русский язык; Литература",
        "Физика; Информатика",
        "История",
        "Биология; Химия",
        "Начальные классы",
        "Английский язык",
    ]
    with db.session() as s:
        s.execute(
            insert(Person),
            [
                {
                    "id": i,
                    "last_name": f"Фамилия{i}",
                    "first_name": rnd.choice(["Анна", "Иван"]),
                    "middle_name": rnd.choice(["Петровна", "Петрович"]),
                    "position": "Учитель",
                    "subjects": rnd.choice(subjects),
                    "experience_years": rnd.randint(0, 40),
                }
                for i in range(1, persons + 1)
            ],
        )
        s.execute(insert(MentorProfile), [{"person_id": i} for i in range(1, persons + 1, 4)])
        s.execute(
            insert(DiagnosticRound),
            [
                {"id": i, "person_id": i, "date": dt.date(2026, 10, 1), "source": ""}
                for i in range(1, persons + 1)
            ],
        )
        s.execute(
            insert(DiagnosticEntry),
            [
                {
                    "round_id": i,
                    "direction_id": d,
                    "level_id": rnd.choice(levels),
                    "strength": rnd.choice(["", "", "ведёт кружок"]),
                    "deficit": "",
                    "priority": False,
                }
                for i in range(1, persons + 1)
                for d in dirs
            ],
        )
        start, end = dt.date(2026, 9, 1), dt.date(2027, 5, 31)
        s.execute(
            insert(Pair),
            [
                {
                    "id": k,
                    "mentor_id": rnd.randint(1, persons),
                    "start_date": start,
                    "end_date": end,
                    "status": "active",
                    "kinds": [],
                }
                for k in range(1, 401)
            ],
        )
        s.execute(
            insert(PairMentee),
            [{"pair_id": k, "person_id": rnd.randint(1, persons)} for k in range(1, 401)],
        )
    return ws, list(range(1, persons + 1))


def run(persons: int = 2000) -> dict[str, object]:
    """Median milliseconds of suggestions for one mentee and reverse suggestions."""
    from app.services.pairs import matching

    with tempfile.TemporaryDirectory(prefix="kurator-match-") as tmp:
        ws, ids = build(Path(tmp) / "data", persons)
        db = ws.db  # type: ignore[attr-defined]
        start, end = dt.date(2026, 12, 1), dt.date(2027, 5, 31)
        t0 = time.perf_counter()  # the very first call also pays for compiling the queries
        matching.suggest_mentors(db, [ids[10]], start=start, end=end)
        first_ms = (time.perf_counter() - t0) * 1000
        from app.services.grid import grid_state

        t0 = time.perf_counter()
        grid_state.latest_levels(db)
        grid_ms = (time.perf_counter() - t0) * 1000
        times, reverse, ranking, count = [], [], [], 0
        index = matching.load_index(db, start=start, end=end)
        for k in range(RUNS):
            t0 = time.perf_counter()
            matching.rank_mentors(index, [ids[10 + k]])
            ranking.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            got = matching.suggest_mentors(db, [ids[10 + k]], start=start, end=end)
            times.append((time.perf_counter() - t0) * 1000)
            count = len(got)
            t0 = time.perf_counter()
            matching.suggest_reverse(db, ids[10 + k], start=start, end=end)
            reverse.append((time.perf_counter() - t0) * 1000)
        ws.close(backup=False)  # type: ignore[attr-defined]
    return {
        "median_ms": round(statistics.median(times), 1),
        "worst_ms": round(max(times), 1),
        "reverse_median_ms": round(statistics.median(reverse), 1),
        "rank_only_median_ms": round(statistics.median(ranking), 1),
        "first_call_ms": round(first_ms, 1),
        "grid_read_ms": round(grid_ms, 1),
        "persons": persons,
        "candidates": count,
        "runs": RUNS,
        "budget_ms": BUDGET_MS,
    }


if __name__ == "__main__":
    n = int(sys.argv[sys.argv.index("--persons") + 1]) if "--persons" in sys.argv else 2000
    print("BENCH_RESULT " + json.dumps(run(n), ensure_ascii=False), flush=True)
