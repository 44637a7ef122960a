"""The one runner for background work: progress in the window, cancel between steps, one
Russian error path, and database writes run one at a time.

A job is a function ``fn(control) -> result`` run off the UI thread. It may report progress
(``control.progress(done, total)``) and, when it was started with ``can_cancel``, calls
``control.check()`` between its steps: a cancel asked for meanwhile stops it there. Jobs that
write the database run on their own one-thread queue, never side by side; they cannot be
cancelled, so a write is never stopped half-way. Every failure reaches the caller as one
Russian sentence: a ``KuratorError``'s own text, or a general message (the details go to the
log, without the error's text, which may name people)."""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from app.errors import UNEXPECTED, KuratorError, user_message
from app.ui.common import dialogs

log = logging.getLogger(__name__)

TEXTS = {
    "unexpected": "Не удалось выполнить действие из-за внутренней ошибки программы. "
    "Подробности — в журнале программы.",
    "error_title": "Не получилось",
    "cancel": "Отменить",
    "cancelling": "Отменяю…",
    "more": "{title} (и ещё {count})",
}

SHOW_AFTER_MS = 500  # shorter jobs finish before the indicator would show, so it never flickers


class JobCancelled(Exception):
    """Raised by :meth:`JobControl.check` when the user asked the job to stop."""


def error_text(exc: BaseException) -> str:
    """The Russian sentence the user sees for a failed job: the failure's own sentence
    (a full disk, no rights, a busy database, …) or, for a program error, the general one."""
    text = user_message(exc)
    return TEXTS["unexpected"] if text == UNEXPECTED else text


def log_failure(title: str, exc: BaseException) -> None:
    """Log an unexpected failure: the error's type and the frames it passed (file, line,
    function), not its text nor the source lines (either may quote a name or a file path)."""
    where = "\n".join(
        f"  {frame.filename}:{frame.lineno} in {frame.name}"
        for frame in traceback.extract_tb(exc.__traceback__)
    )
    log.error("background job «%s» failed: %s\n%s", title, type(exc).__name__, where)


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)  # the exception
    cancelled = Signal()
    progressed = Signal(int, int)


class JobControl:
    """What a running job sees: whether a cancel was asked for, and where to report progress."""

    def __init__(self, signals: _Signals) -> None:
        self._signals = signals
        self._cancel = threading.Event()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def _request_cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        """Call between steps: raises :class:`JobCancelled` when a cancel was asked for."""
        if self._cancel.is_set():
            raise JobCancelled

    def progress(self, done: int, total: int) -> None:
        """``done`` of ``total`` steps are finished (the indicator turns into a bar)."""
        self._signals.progressed.emit(done, total)


class _Runnable(QRunnable):
    def __init__(
        self, fn: Callable[[JobControl], Any], control: JobControl, signals: _Signals
    ) -> None:
        super().__init__()
        self.fn = fn
        self.control = control
        self.signals = signals
        self.setAutoDelete(True)

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn(self.control)
        except JobCancelled:
            self.signals.cancelled.emit()
        except Exception as exc:  # reported to the UI thread, which says it in Russian
            if self.control.cancel_requested:  # the user no longer waits for this job
                self.signals.cancelled.emit()
            else:
                self.signals.failed.emit(exc)
        else:
            if self.control.cancel_requested:  # cancelled after its last step: drop the result
                self.signals.cancelled.emit()
            else:
                self.signals.succeeded.emit(result)


class Job(QObject):
    """One background job, living on the UI thread; its signals arrive there.

    ``succeeded(result)``, ``failed(text)`` (the Russian message) or ``cancelled()``, then
    ``ended()`` in every case; ``progressed(done, total)`` while it runs."""

    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    ended = Signal()
    progressed = Signal(int, int)

    def __init__(
        self, title: str, writes_db: bool, can_cancel: bool, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.title = title
        self.writes_db = writes_db
        self.can_cancel = can_cancel
        self.running = True
        self.progress: tuple[int, int] | None = None
        self._signals = _Signals()
        self.control = JobControl(self._signals)
        self._signals.succeeded.connect(self._succeeded)
        self._signals.failed.connect(self._failed)
        self._signals.cancelled.connect(self._cancelled)
        self._signals.progressed.connect(self._progressed)

    def cancel(self) -> bool:
        """Ask the job to stop at its next step; False when it cannot be cancelled."""
        if not self.can_cancel or not self.running:
            return False
        self.control._request_cancel()
        return True

    @property
    def cancel_requested(self) -> bool:
        return self.control.cancel_requested

    def _progressed(self, done: int, total: int) -> None:
        self.progress = (done, total)
        self.progressed.emit(done, total)

    def _end(self) -> None:
        self.running = False
        self.ended.emit()

    def _succeeded(self, result: object) -> None:
        self.running = False
        self.succeeded.emit(result)
        self._end()

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        if not isinstance(exc, KuratorError):
            log_failure(self.title, exc)
        self.failed.emit(error_text(exc))
        self._end()

    def _cancelled(self) -> None:
        self.running = False
        self.cancelled.emit()
        self._end()


class JobRunner(QObject):
    """Starts jobs: reading ones in the global thread pool, database writes in a queue of
    one thread; ``started(job)`` lets an indicator follow them."""

    started = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reads = QThreadPool.globalInstance()
        self._writes = QThreadPool(self)
        self._writes.setMaxThreadCount(1)
        self._jobs: list[Job] = []

    def start(
        self,
        fn: Callable[[JobControl], Any],
        *,
        title: str,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        writes_db: bool = False,
        can_cancel: bool = False,
        disable: Sequence[QWidget] = (),
        error_parent: QWidget | None = None,
    ) -> Job:
        """Run ``fn(control)`` in the background; ``title`` is what the indicator says.

        ``on_done(result)`` and ``on_error(text)`` are called on the UI thread; without
        ``on_error`` the Russian message is shown in a warning over ``error_parent``.
        ``disable`` lists widgets greyed out until the job ends. A job that ``writes_db``
        waits for the previous writing job and cannot be cancelled."""
        if writes_db and can_cancel:
            raise ValueError("a job that writes the database cannot be cancelled")
        job = Job(title, writes_db, can_cancel, self)
        for widget in disable:
            widget.setEnabled(False)

        def ended() -> None:
            for widget in disable:
                widget.setEnabled(True)
            self._jobs.remove(job)
            job.deleteLater()

        # Connected first, so the widgets are usable again when the callbacks run.
        job.succeeded.connect(lambda _result: ended())
        job.failed.connect(lambda _text: ended())
        job.cancelled.connect(ended)
        if on_done is not None:
            job.succeeded.connect(on_done)
        job.failed.connect(
            on_error
            if on_error is not None
            else lambda text: dialogs.show_warning(error_parent, TEXTS["error_title"], text)
        )
        self._jobs.append(job)
        pool = self._writes if writes_db else self._reads
        pool.start(_Runnable(fn, job.control, job._signals))
        self.started.emit(job)
        return job

    def active_jobs(self) -> list[Job]:
        """The jobs started and not ended yet, oldest first."""
        return list(self._jobs)

    def wait_for_done(self) -> None:
        """Block until every job has run (at exit: the start copy, an export in flight)."""
        self._writes.waitForDone()
        self._reads.waitForDone()


_DEFAULT: JobRunner | None = None


def default_runner() -> JobRunner:
    """The application's runner (like ``QThreadPool.globalInstance()``): one queue for the
    database writes of the whole program, which has one database."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = JobRunner(QCoreApplication.instance())
        _DEFAULT.destroyed.connect(_forget_default)
    return _DEFAULT


def _forget_default() -> None:
    global _DEFAULT
    _DEFAULT = None


class JobIndicator(QWidget):
    """The window's busy indicator (for the status bar): the running job's title, a bar and
    «Отменить» when the job can stop. It shows only for jobs that last over half a second."""

    def __init__(
        self, runner: JobRunner, parent: QWidget | None = None, show_after_ms: int = SHOW_AFTER_MS
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.label = QLabel()
        self.bar = QProgressBar(textVisible=False)
        self.bar.setMaximumWidth(160)
        self.cancel_button = QPushButton(TEXTS["cancel"])
        self.cancel_button.clicked.connect(self.cancel_current)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.label)
        lay.addWidget(self.bar)
        lay.addWidget(self.cancel_button)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(show_after_ms)
        self._timer.timeout.connect(self._refresh)
        self._current: Job | None = None
        runner.started.connect(self._job_started)
        self.hide()

    def current_job(self) -> Job | None:
        return self._current

    def waiting(self) -> bool:
        """True while a job runs that has not lasted long enough to be shown yet."""
        return self._timer.isActive()

    def cancel_current(self) -> None:
        if self._current is not None and self._current.cancel():
            self.label.setText(TEXTS["cancelling"])
            self.cancel_button.setEnabled(False)

    def _job_started(self, job: Job) -> None:
        job.ended.connect(self._refresh)
        job.progressed.connect(lambda _d, _t: self._refresh())
        if self.isVisible():
            self._refresh()
        elif not self._timer.isActive():
            self._timer.start()

    def _refresh(self) -> None:
        jobs = [j for j in self.runner.active_jobs() if j.running]
        if not jobs:
            self._timer.stop()
            self._current = None
            self.hide()
            return
        if not self.isVisible() and self._timer.isActive():
            return  # still within the first half second
        job = jobs[0]
        if job is not self._current:
            self._current = job
            self.cancel_button.setEnabled(True)
        if not job.cancel_requested:
            self.label.setText(
                job.title
                if len(jobs) == 1
                else TEXTS["more"].format(title=job.title, count=len(jobs) - 1)
            )
        if job.progress is None or job.progress[1] <= 0:
            self.bar.setRange(0, 0)  # busy: no idea how far along
        else:
            done, total = job.progress
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        self.cancel_button.setVisible(job.can_cancel)
        self.show()
