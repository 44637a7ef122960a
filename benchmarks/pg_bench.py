"""SQLite against PostgreSQL on the same typical work: open the data, load the participants
list, save a program's note, search by name.

Both engines hold the same data: the demo school plus 2,000 generated teachers, loaded into
the server through the exchange file. Needs KURATOR_TEST_PG_URL (a server where a new
database may be created, e.g. scripts/pg_test_cluster.sh); prints a table of medians.

    python benchmarks/pg_bench.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.models import Program  # noqa: E402
from app.services.people import persons  # noqa: E402
from app.services.programs import programs  # noqa: E402
from app.services.storage import exchange  # noqa: E402
from app.services.storage.workspace import (  # noqa: E402
    Workspace,
    open_server_workspace,
    open_workspace,
)
from benchmarks.datagen import make_municipal  # noqa: E402

BENCH_DB = "kurator_bench"


def _median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _workload(open_ws: Callable[[], Workspace], repeat: int) -> dict[str, float]:
    out: dict[str, float] = {}

    def open_close() -> None:
        open_ws().close(backup=False)

    out["открыть базу"] = _median_ms(open_close, repeat)
    ws = open_ws()
    try:
        out["список участников"] = _median_ms(lambda: persons.list_persons(ws.db), repeat)
        with ws.db.session() as s:
            program_id = s.scalar(select(Program.id).order_by(Program.id))
        assert program_id is not None
        counter = iter(range(10**6))
        out["сохранить программу"] = _median_ms(
            lambda: programs.update_note(ws.db, program_id, "problem", f"Запись {next(counter)}"),
            repeat,
        )
        out["поиск «ёлк»"] = _median_ms(lambda: persons.find_by_name(ws.db, "ёлк"), repeat)
        out["поиск «иван петр»"] = _median_ms(
            lambda: persons.find_by_name(ws.db, "иван петр"), repeat
        )
        out["участников"] = float(len(persons.list_persons(ws.db)))
    finally:
        ws.close(backup=False)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    server = os.environ.get("KURATOR_TEST_PG_URL", "").strip()
    if not server:
        print("KURATOR_TEST_PG_URL не задан: нужен сервер PostgreSQL (см. README).")
        return 2
    base = make_url(server).set(drivername="postgresql+psycopg")
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{BENCH_DB}"'))
    url = base.set(database=BENCH_DB).render_as_string(hide_password=False)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "data"
            make_municipal(root)
            ws = open_workspace(root, start_backup=False)
            dump = Path(tmp) / "school.json"
            exchange.export_data(ws.db, dump)
            ws.close(backup=False)
            pg = open_server_workspace(url, Path(tmp) / "local")
            start = time.perf_counter()
            exchange.import_data(pg.db, dump)
            load_s = time.perf_counter() - start
            pg.close(backup=False)
            lite = _workload(lambda: open_workspace(root, start_backup=False), args.repeat)
            post = _workload(lambda: open_server_workspace(url, Path(tmp) / "local"), args.repeat)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)'))
        admin.dispose()
    print(f"Загрузка файла обмена в PostgreSQL: {load_s:.2f} с")
    print(f"{'действие':<22}{'SQLite, мс':>12}{'PostgreSQL, мс':>16}{'отношение':>11}")
    for key in lite:
        if key == "участников":
            continue
        ratio = post[key] / lite[key] if lite[key] else float("nan")
        print(f"{key:<22}{lite[key]:>12.1f}{post[key]:>16.1f}{ratio:>11.2f}")
    print(f"участников: {int(lite['участников'])} (SQLite), {int(post['участников'])} (PostgreSQL)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
