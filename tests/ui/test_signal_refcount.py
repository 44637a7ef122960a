"""Regression guard: PySide6 6.12.0 on CPython 3.11 dropped a reference to None on every
signal→Python-slot call, so long sessions crashed and the test run aborted at exit (134)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal(object)


def test_refcount_of_none_is_stable_across_many_signal_calls(qtbot) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a signal connected to a Python slot that returns None
    emitter = _Emitter()
    received: list[object] = []
    emitter.fired.connect(lambda value: received.append(value))
    for _ in range(100):  # warm caches first
        emitter.fired.emit(1)
    before = sys.getrefcount(None)
    # WHEN it fires thousands of times
    for i in range(20_000):
        emitter.fired.emit(i)
    after = sys.getrefcount(None)
    # THEN every call arrived and None's refcount did not drift down with the call count
    assert len(received) == 20_100
    assert after >= before - 50, (before, after)


def test_a_process_that_emits_many_signals_exits_cleanly() -> None:
    # GIVEN a separate interpreter that emits 200,000 signals into a Python slot
    code = textwrap.dedent("""
        import os
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtCore import QCoreApplication, QObject, Signal
        app = QCoreApplication([])
        class E(QObject):
            s = Signal(int)
        e = E()
        seen = []
        e.s.connect(lambda v: seen.append(v) and None)
        for i in range(200_000):
            e.s.emit(i)
        print(len(seen))
    """)
    # WHEN it finishes
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    # THEN it exits with 0, not an abort at interpreter shutdown
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "200000"
