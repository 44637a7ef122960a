"""Long work (imports, exports, backups) off the UI thread, reporting back by signals."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object, str)  # the exception, the formatted traceback


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self.fn = fn
        self.signals = signals
        self.setAutoDelete(True)

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # reported to the UI thread, which shows it in Russian
            log.exception("background job failed")
            self.signals.failed.emit(exc, traceback.format_exc())
        else:
            self.signals.finished.emit(result)


class Worker(QObject):
    """Runs ``fn`` in the global thread pool; ``finished(result)`` or ``failed(exc, tb)``
    arrive in the thread that created the worker. Keep a reference until a signal arrives."""

    finished = Signal(object)
    failed = Signal(object, str)

    def __init__(self, fn: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._signals = _Signals()
        self._signals.finished.connect(self.finished)
        self._signals.failed.connect(self.failed)
        self._fn = fn

    def start(self) -> None:
        QThreadPool.globalInstance().start(_Job(self._fn, self._signals))


def run_in_background(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException, str], None],
    parent: QObject | None = None,
) -> Worker:
    """Start ``fn`` off the UI thread and call back on the UI thread; returns the worker."""
    worker = Worker(fn, parent)
    worker.finished.connect(on_done)
    worker.failed.connect(on_error)
    worker.start()
    return worker
