"""Tools of the fault suite: run the real command line in a child process, kill it at chosen
moments, and read back what a killed run left in the data folder."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KILLER = Path(__file__).with_name("killer.py")
HANG_GUARD_S = 180  # a run that takes longer has hung: the test fails instead of waiting


@dataclass(frozen=True)
class Run:
    """What a child run left: its exit code (-9 when killed), its output and errors."""

    code: int
    out: str
    err: str

    @property
    def killed(self) -> bool:
        return self.code == -9

    @property
    def statements(self) -> int:
        found = re.search(r"KURATOR_STATEMENTS (\d+)", self.err)
        assert found, self.err
        return int(found.group(1))


def env(**extra: str) -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if not k.startswith("KURATOR_")}
    out.update(QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT), LANG="C.UTF-8")
    out.update(extra)
    return out


def app(*args: str | Path, kill_at: int | None = None, cwd: Path = ROOT) -> Run:
    """``python -m app ARGS``; with ``kill_at`` through the killer (0 = count statements)."""
    cmd: list[str] = [sys.executable]
    cmd += [str(KILLER)] if kill_at is not None else ["-m", "app"]
    cmd += [str(a) for a in args]
    extra = {"KURATOR_KILL_AT": str(kill_at)} if kill_at is not None else {}
    done = subprocess.run(
        cmd,
        cwd=cwd,
        env=env(**extra),
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def in_parallel(jobs: Sequence[tuple[object, ...]], fn=None) -> list:  # type: ignore[no-untyped-def,type-arg]
    """Run ``fn(*job)`` for each job two at a time (the CI machine has two cores)."""
    call = fn or (lambda *a: a)
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(lambda job: call(*job), jobs))


def spread(total: int, count: int) -> list[int]:
    """``count`` kill points from the first statement to the last, evenly spread."""
    if total <= count:
        return list(range(1, total + 1))
    return sorted({1 + round(i * (total - 1) / (count - 1)) for i in range(count)})


def copy_folder(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def rows(db: Path, table: str) -> int:
    """Rows of ``table`` as a recovered database holds them (opened read-write on purpose:
    that is what rolls a crash's journal back, as the app does at start)."""
    con = sqlite3.connect(db)
    try:
        return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608
    finally:
        con.close()


def integrity(db: Path) -> str:
    con = sqlite3.connect(db)
    try:
        return str(con.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        con.close()


def assert_russian_only(text: str) -> None:
    """No traceback and no English sentence fragment in what a person reads."""
    assert "Traceback" not in text, text
    english = re.findall(r"\b[a-zA-Z]{4,}\b", text)
    allowed = {
        "kurator",
        "sqlite",
        "json",
        "xlsx",
        "docx",
        "data",
        "logs",
        "backups",
        "auto",
        "help",
        "python",
        "restore",
        "backup",
        "check",
        "demo",
        "export",
        "import",
        "staff",
        "before",
        "portable",
        "exchange",
    }
    words = [w for w in english if w.lower() not in allowed and not _in_path(w, text)]
    assert words == [], f"English in a message: {words}: {text}"


def _in_path(word: str, text: str) -> bool:
    return any(word in token for token in text.split() if "/" in token or "\\" in token)
