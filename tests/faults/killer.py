"""Run ``python -m app ARGS`` and SIGKILL it at the N-th SQL statement (or backup step) it runs.

``KURATOR_KILL_AT=N`` (N ≥ 1) kills the process with SIGKILL just as its N-th statement starts,
on any SQLite connection it opens (SQLAlchemy's and the backup helpers' alike; an online
backup counts one moment per eight pages copied); ``0`` only
counts and prints ``KURATOR_STATEMENTS <count>`` to stderr at the end, so a test can spread
its kills over the whole run. A fault injector for tests/faults, never shipped."""

from __future__ import annotations

import atexit
import os
import runpy
import signal
import sqlite3
import sqlite3.dbapi2
import sys

_KILL_AT = int(os.environ.get("KURATOR_KILL_AT", "0"))
_count = 0
_connect = sqlite3.connect


def _trace(_statement: str) -> None:
    global _count
    _count += 1
    if _KILL_AT and _count >= _KILL_AT:
        os.kill(os.getpid(), signal.SIGKILL)


class _Connection(sqlite3.Connection):
    """A connection whose online backups copy a few pages a step, each step a moment at
    which the run can be killed (a real backup copies all pages in one step)."""

    def backup(self, target, *, pages=-1, progress=None, name="main", sleep=0.25):  # type: ignore[no-untyped-def,override]
        def step(status, remaining, total):  # type: ignore[no-untyped-def]
            _trace("backup step")
            if progress is not None:
                progress(status, remaining, total)

        return super().backup(target, pages=8, progress=step, name=name, sleep=sleep)


def _traced_connect(*args, **kwargs):  # type: ignore[no-untyped-def]
    kwargs.setdefault("factory", _Connection)
    con = _connect(*args, **kwargs)
    con.set_trace_callback(_trace)
    return con


def _report() -> None:
    print(f"KURATOR_STATEMENTS {_count}", file=sys.stderr, flush=True)


sqlite3.connect = _traced_connect  # type: ignore[assignment]
sqlite3.dbapi2.connect = _traced_connect  # type: ignore[assignment]  # what SQLAlchemy calls
if not _KILL_AT:
    atexit.register(_report)
sys.argv = ["app", *sys.argv[1:]]
runpy.run_module("app", run_name="__main__", alter_sys=True)
