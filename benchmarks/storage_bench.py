"""What crash recovery costs at start: opening a healthy demo database with and without the
recovery step (``app.models.db.recover``), and opening one a crash left with a hot journal.

    python benchmarks/storage_bench.py

Prints medians in milliseconds; budget: recovery adds at most 50 ms to a healthy open.
Reports only (exit code 0 whatever the figures)."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.models import db as dbmod  # noqa: E402
from app.services.demo.demo import create_demo  # noqa: E402
from app.services.storage import workspace  # noqa: E402

RUNS = 15
BUDGET_MS = 50.0
HOLDER = """
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("PRAGMA cache_size=1"); con.execute("BEGIN EXCLUSIVE")
for _ in range(200):
    con.execute("UPDATE persons SET notes = notes || ?", ("x" * 200,))
print("holding", flush=True); sys.stdin.readline()
"""


def _open_ms(folder: Path) -> float:
    started = time.perf_counter()
    ws = workspace.open_workspace(folder, start_backup=False)
    took = (time.perf_counter() - started) * 1000
    ws.close(backup=False)
    return took


def _median(folder: Path) -> float:
    _open_ms(folder)  # warm the caches once
    return statistics.median(_open_ms(folder) for _ in range(RUNS))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "demo"
        ws = workspace.open_workspace(folder, start_backup=False)
        create_demo(ws.db)
        ws.close(backup=False)
        with_recovery = _median(folder)
        real = dbmod.recover
        dbmod.recover = lambda path: None  # type: ignore[assignment]
        try:
            without = _median(folder)
        finally:
            dbmod.recover = real  # type: ignore[assignment]
        crashed = []
        for i in range(5):
            copy = Path(tmp) / f"crash{i}"
            shutil.copytree(folder, copy)
            child = subprocess.Popen(
                [sys.executable, "-c", HOLDER, str(copy / "kurator.sqlite")],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            assert child.stdout is not None and child.stdout.readline().strip() == "holding"
            child.kill()
            child.wait()
            crashed.append(_open_ms(copy))
    added = with_recovery - without
    print(f"open healthy demo, with recovery:    {with_recovery:7.1f} ms (median of {RUNS})")
    print(f"open healthy demo, without recovery: {without:7.1f} ms")
    print(
        f"recovery adds:                       {added:7.1f} ms (budget ≤ {BUDGET_MS:.0f} ms)"
        f" {'OK' if added <= BUDGET_MS else 'OVER'}"
    )
    print(
        f"open after a crash (hot journal):    {statistics.median(crashed):7.1f} ms "
        f"(median of {len(crashed)})"
    )


if __name__ == "__main__":
    main()
