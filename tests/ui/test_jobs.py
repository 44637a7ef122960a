"""The job runner: results, the one Russian error path, cancel between steps, database
writes one at a time, and the status-bar indicator for long jobs."""

from __future__ import annotations

import logging
import threading

import pytest
from PySide6.QtWidgets import QMainWindow

from app.errors import KuratorError
from app.ui.common import dialogs
from app.ui.common.jobs import JobControl, JobIndicator, JobRunner

TIMEOUT = 10_000


@pytest.fixture
def runner(qtbot) -> JobRunner:  # type: ignore[no-untyped-def]
    r = JobRunner()
    yield r
    r.wait_for_done()


@pytest.fixture
def window(qtbot, runner: JobRunner) -> QMainWindow:  # type: ignore[no-untyped-def]
    w = QMainWindow()
    w.indicator = JobIndicator(runner, w)  # type: ignore[attr-defined]
    w.statusBar().addPermanentWidget(w.indicator)  # type: ignore[attr-defined]
    qtbot.addWidget(w)
    w.show()
    return w


def test_the_result_arrives_on_the_ui_thread(qtbot, runner: JobRunner) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a job computing a value off the UI thread
    results: list[object] = []
    threads: list[threading.Thread] = []

    def compute(_control: JobControl) -> int:
        threads.append(threading.current_thread())
        return 6 * 7

    # WHEN it runs
    job = runner.start(compute, title="Считаю…", on_done=results.append)
    with qtbot.waitSignal(job.ended, timeout=TIMEOUT):
        pass

    # THEN the result was computed in another thread and delivered here; nothing is left running
    assert results == [42]
    assert threads and threads[0] is not threading.main_thread()
    assert runner.active_jobs() == [] and not job.running


def test_a_kurator_error_shows_its_russian_message(
    qtbot,
    runner: JobRunner,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # GIVEN a job that fails with a message for the user, and no handler of its own
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        dialogs, "show_warning", lambda parent, title, text: shown.append((title, text))
    )

    def fail(_control: JobControl) -> None:
        raise KuratorError("Папка не найдена: E:\\копии")

    # WHEN it runs
    job = runner.start(
        fail, title="Сохраняю резервную копию…", on_done=lambda _r: pytest.fail("must not succeed")
    )
    with qtbot.waitSignal(job.ended, timeout=TIMEOUT):
        pass

    # THEN the warning says exactly that, under «Не получилось»
    assert shown == [("Не получилось", "Папка не найдена: E:\\копии")]


def test_an_unexpected_error_is_said_in_russian_and_logged_without_its_text(  # type: ignore[no-untyped-def]
    qtbot, runner: JobRunner, caplog: pytest.LogCaptureFixture
) -> None:
    # GIVEN a job that breaks with an error whose text names a person
    told: list[str] = []
    disabled_button = QMainWindow()
    qtbot.addWidget(disabled_button)

    def broken(_control: JobControl) -> None:
        raise ValueError("Иванова Мария Петровна, 05.03.1990")

    # WHEN it runs (with a widget greyed out meanwhile)
    with caplog.at_level(logging.ERROR, logger="app.ui.common.jobs"):
        job = runner.start(
            broken, title="Печатаю…", on_error=told.append, disable=[disabled_button]
        )
        assert not disabled_button.isEnabled()
        with qtbot.waitSignal(job.ended, timeout=TIMEOUT):
            pass

    # THEN the user reads the general Russian message, the widget is usable again
    assert told == [
        "Не удалось выполнить действие из-за внутренней ошибки программы. "
        "Подробности — в журнале программы."
    ]
    assert disabled_button.isEnabled()
    # AND the log names the kind of error and where it happened, but not the person
    logged = caplog.text
    assert "ValueError" in logged and "broken" in logged
    assert "Иванова" not in logged and "1990" not in logged


def test_cancel_stops_a_multi_step_job_between_steps(
    qtbot,
    runner: JobRunner,  # type: ignore[no-untyped-def]
    window: QMainWindow,
) -> None:
    # GIVEN a cancellable job of five steps, held after its first step
    steps: list[int] = []
    go_on = threading.Event()
    outcome: list[str] = []

    def five_steps(control: JobControl) -> str:
        for step in range(5):
            control.check()
            steps.append(step)
            control.progress(step + 1, 5)
            if step == 0:
                go_on.wait(TIMEOUT / 1000)
        return "всё"

    job = runner.start(
        five_steps,
        title="Готовлю PDF…",
        on_done=outcome.append,
        on_error=outcome.append,
        can_cancel=True,
    )
    job.cancelled.connect(lambda: outcome.append("cancelled"))
    indicator: JobIndicator = window.indicator  # type: ignore[attr-defined]
    qtbot.waitUntil(
        lambda: steps == [0] and indicator.isVisible() and indicator.bar.value() == 1,
        timeout=TIMEOUT,
    )
    assert indicator.bar.maximum() == 5 and indicator.label.text() == "Готовлю PDF…"
    assert indicator.cancel_button.isVisible()

    # WHEN «Отменить» is pressed in the status bar and the job goes on
    indicator.cancel_button.click()
    with qtbot.waitSignal(job.ended, timeout=TIMEOUT):
        go_on.set()

    # THEN no further step ran and no result was delivered
    assert steps == [0]
    assert outcome == ["cancelled"]
    qtbot.waitUntil(lambda: not indicator.isVisible(), timeout=TIMEOUT)


def test_a_job_that_writes_the_database_cannot_be_cancelled(runner: JobRunner) -> None:
    with pytest.raises(ValueError):
        runner.start(lambda _c: None, title="Загружаю в базу…", writes_db=True, can_cancel=True)


def test_two_database_writes_never_overlap_while_reads_go_on(qtbot, runner: JobRunner) -> None:  # type: ignore[no-untyped-def]
    # GIVEN a first writing job that holds until released
    lock = threading.Lock()
    inside: list[str] = []
    events: list[str] = []
    most_at_once = [0]
    release = threading.Event()

    def writer(name: str, hold: bool) -> object:
        def run(_control: JobControl) -> str:
            with lock:
                inside.append(name)
                most_at_once[0] = max(most_at_once[0], len(inside))
                events.append(f"{name}: начало")
            if hold:
                release.wait(TIMEOUT / 1000)
            with lock:
                inside.remove(name)
                events.append(f"{name}: конец")
            return name

        return run

    first = runner.start(writer("первая", True), title="Запись 1", writes_db=True)  # type: ignore[arg-type]
    qtbot.waitUntil(lambda: events == ["первая: начало"], timeout=TIMEOUT)

    # WHEN a second writing job and a reading job are started meanwhile
    second = runner.start(writer("вторая", False), title="Запись 2", writes_db=True)  # type: ignore[arg-type]
    read_done: list[object] = []
    reading = runner.start(lambda _c: "прочитано", title="Чтение", on_done=read_done.append)

    # THEN the reading finishes while the first write still holds; the second write waits
    with qtbot.waitSignal(reading.ended, timeout=TIMEOUT):
        pass
    assert read_done == ["прочитано"]
    assert events == ["первая: начало"] and second.running
    # AND once the first write ends, the second runs after it, never beside it
    with qtbot.waitSignals([first.ended, second.ended], timeout=TIMEOUT):
        release.set()
    assert events == ["первая: начало", "первая: конец", "вторая: начало", "вторая: конец"]
    assert most_at_once == [1]


def test_the_indicator_shows_a_long_job_and_hides_after(
    qtbot,
    runner: JobRunner,  # type: ignore[no-untyped-def]
    window: QMainWindow,
) -> None:
    # GIVEN the window's indicator, idle
    indicator: JobIndicator = window.indicator  # type: ignore[attr-defined]
    assert not indicator.isVisible()
    release = threading.Event()

    # WHEN a job runs longer than half a second (it waits to be released)
    job = runner.start(lambda _c: release.wait(TIMEOUT / 1000), title="Сохраняю документ…")

    # THEN the indicator appears with the job's title and a busy bar, without «Отменить»
    qtbot.waitUntil(indicator.isVisible, timeout=TIMEOUT)
    assert indicator.label.text() == "Сохраняю документ…"
    assert indicator.bar.maximum() == 0  # no steps reported: a busy bar
    assert not indicator.cancel_button.isVisible()
    # AND it disappears once the job has ended
    with qtbot.waitSignal(job.ended, timeout=TIMEOUT):
        release.set()
    assert not indicator.isVisible()


def test_a_short_job_leaves_the_indicator_hidden(
    qtbot,
    runner: JobRunner,  # type: ignore[no-untyped-def]
    window: QMainWindow,
) -> None:
    # GIVEN the window's indicator WHEN a quick job ends
    indicator: JobIndicator = window.indicator  # type: ignore[attr-defined]
    job = runner.start(lambda _c: 1, title="Быстро")
    with qtbot.waitSignal(job.ended, timeout=TIMEOUT):
        pass
    # THEN nothing is shown, and nothing is waiting to show
    assert not indicator.isVisible() and not indicator.waiting()
    assert indicator.current_job() is None
