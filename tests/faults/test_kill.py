"""kill -9 at many moments of every multi-step write: the data folder is always as before or
as after, never half; the database is whole; the next start says nothing alarming."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest

from tests.faults.faultkit import (
    ROOT,
    app,
    copy_folder,
    env,
    in_parallel,
    integrity,
    rows,
    spread,
)
from tests.xlsx_samples import make_staff_xlsx

KILLS = 20
DEMO_PERSONS = 25


def _killed_runs(base: Path, scratch: Path, args: list[str | Path], points: list[int]) -> list:  # type: ignore[type-arg]
    """Copy ``base`` once per point and run the command killed at that point."""
    jobs = []
    for k in points:
        folder = copy_folder(base, scratch / f"k{k}")
        jobs.append((folder, k))

    def one(folder: Path, k: int) -> tuple[Path, int, object]:
        resolved = [folder if a == "{DIR}" else a for a in args]
        return folder, k, app(*resolved, kill_at=k)

    return in_parallel(jobs, one)


def test_demo_killed_at_any_moment_leaves_no_half_school(empty_school: Path, scratch: Path) -> None:
    # GIVEN an empty school and the number of statements a whole demo run takes
    full = app("demo", "--data-dir", copy_folder(empty_school, scratch / "full"), kill_at=0)
    assert full.code == 0, full.err
    points = spread(full.statements, KILLS)
    assert len(points) >= KILLS
    # WHEN the demo is killed at each of 20 moments from the first statement to the last
    results = _killed_runs(empty_school, scratch, ["demo", "--data-dir", "{DIR}"], points)
    # THEN every folder holds a whole database with no school or the whole school
    killed = 0
    for folder, k, run in results:
        db = folder / "kurator.sqlite"
        assert integrity(db) == "ok", k
        assert rows(db, "persons") in (0, DEMO_PERSONS), k
        killed += run.killed
    assert killed >= KILLS - 2  # the last points may fall after the final statement
    # AND a killed folder with no school takes the demo again, and its leftovers are gone
    for folder, k, _run in results[:: KILLS // 4]:
        if rows(folder / "kurator.sqlite", "persons") == 0:
            again = app("demo", "--data-dir", folder)
            assert again.code == 0, (k, again.err)
            assert rows(folder / "kurator.sqlite", "persons") == DEMO_PERSONS
            assert not list(folder.glob("*.part")), k


def test_import_data_killed_at_any_moment_is_all_or_nothing(
    empty_school: Path, demo_exchange: Path, scratch: Path
) -> None:
    # GIVEN an empty school and the demo school's exchange file
    full = app(
        "import-data",
        demo_exchange,
        "--data-dir",
        copy_folder(empty_school, scratch / "full"),
        kill_at=0,
    )
    assert full.code == 0, full.err
    # WHEN the import is killed at 20 moments
    results = _killed_runs(
        empty_school,
        scratch,
        ["import-data", demo_exchange, "--data-dir", "{DIR}"],
        spread(full.statements, KILLS),
    )
    # THEN each folder holds the empty school or the whole file, and `check` is calm
    for folder, k, _run in results:
        db = folder / "kurator.sqlite"
        assert integrity(db) == "ok", k
        assert rows(db, "persons") in (0, DEMO_PERSONS), k
        assert rows(db, "programs") in (0, rows(scratch / "full" / "kurator.sqlite", "programs")), k
    for folder, k, _run in results[:: KILLS // 4]:
        check = app("check", "--data-dir", folder)
        assert check.code == 0, (k, check.out, check.err)
        assert "поврежд" not in check.out + check.err


def test_backup_killed_at_any_moment_leaves_no_partial_copy(
    demo_school: Path, scratch: Path
) -> None:
    # GIVEN the demo school and how many statements and copy steps a backup takes
    (scratch / "full-copies").mkdir()
    full = app(
        "backup",
        "--data-dir",
        copy_folder(demo_school, scratch / "full"),
        "--to",
        scratch / "full-copies",
        kill_at=0,
    )
    assert full.code == 0, full.err
    points = spread(full.statements, KILLS)
    # WHEN `backup --to` is killed at 20 moments
    jobs = [(copy_folder(demo_school, scratch / f"k{k}"), k) for k in points]

    def one(folder: Path, k: int) -> tuple[Path, int, object]:
        (folder / "copies").mkdir()
        return folder, k, app("backup", "--data-dir", folder, "--to", folder / "copies", kill_at=k)

    results = in_parallel(jobs, one)
    # THEN every file under a final name is a whole copy of the school, and the school is whole
    assert [rows(c, "persons") for c in (scratch / "full-copies").glob("*.sqlite")] == [
        DEMO_PERSONS
    ]
    assert len(results) >= min(KILLS, full.statements)
    for folder, k, _run in results:
        assert integrity(folder / "kurator.sqlite") == "ok", k
        assert rows(folder / "kurator.sqlite", "persons") == DEMO_PERSONS, k
        for copy in (folder / "copies").glob("*.sqlite"):
            assert integrity(copy) == "ok", (k, copy)
            assert rows(copy, "persons") == DEMO_PERSONS, (k, copy)


@pytest.mark.parametrize("fraction", [i / 20 for i in range(1, 21)])
def test_order_export_killed_at_any_moment_leaves_no_partial_document(
    demo_school: Path, scratch: Path, fraction: float
) -> None:
    # GIVEN the demo school and how long printing its first order takes
    folder = copy_folder(demo_school, scratch / "school")
    out = scratch / "out" / "приказ.docx"
    out.parent.mkdir()
    started = time.monotonic()
    whole = app("export", "order", "--id", "1", "--data-dir", folder, "--out", out)
    assert whole.code == 0, whole.err
    took = time.monotonic() - started
    out.unlink()
    # WHEN the same export is killed at this fraction of that time (the fault itself, not a
    # wait for a condition)
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app",
            "export",
            "order",
            "--id",
            "1",
            "--data-dir",
            str(folder),
            "--out",
            str(out),
        ],
        cwd=ROOT,
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(took * fraction)
    child.kill()
    child.wait(timeout=60)
    # THEN there is no document under the final name, or a whole one that opens
    if out.exists():
        assert "ПРИКАЗЫВАЮ:" in [p.text for p in docx.Document(str(out)).paragraphs]
    # AND the school is untouched and whole
    assert integrity(folder / "kurator.sqlite") == "ok"
    assert rows(folder / "kurator.sqlite", "persons") == DEMO_PERSONS


STAFF_ROWS = 50_000
STAFF_KILLS = 6


def test_import_of_fifty_thousand_staff_killed_is_all_or_nothing(
    empty_school: Path, fault_root: Path, scratch: Path
) -> None:
    # GIVEN an empty school, a list of 50,000 staff and the statements a whole import takes
    xlsx = make_staff_xlsx(fault_root / "staff-50k.xlsx", STAFF_ROWS)
    full = app(
        "import-staff", xlsx, "--data-dir", copy_folder(empty_school, scratch / "full"), kill_at=0
    )
    assert full.code == 0, full.err
    assert rows(scratch / "full" / "kurator.sqlite", "persons") == STAFF_ROWS
    # WHEN the import is killed at moments spread over its writing
    results = _killed_runs(
        empty_school,
        scratch,
        ["import-staff", xlsx, "--data-dir", "{DIR}"],
        spread(full.statements, STAFF_KILLS),
    )
    # THEN every folder holds nobody or all 50,000, in a whole database
    for folder, k, _run in results:
        db = folder / "kurator.sqlite"
        assert integrity(db) == "ok", k
        assert rows(db, "persons") in (0, STAFF_ROWS), k
