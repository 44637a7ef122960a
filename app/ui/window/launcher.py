"""Starting the window: Qt application, Russian translations, the data folder, error dialogs."""

from __future__ import annotations

import logging
import os
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox

from app import APP_NAME, __version__
from app.errors import (
    UNEXPECTED,
    DamagedDatabaseError,
    DataDirLockedError,
    KuratorError,
    user_message,
)
from app.logsetup import setup_logging
from app.paths import DataPaths, resource_path
from app.ui.common.jobs import default_runner

if TYPE_CHECKING:
    from app.services.municipal.store import MunicipalStore

log = logging.getLogger(__name__)
_STARTED = time.perf_counter()

TEXTS = {
    "locked_title": "Программа уже запущена",
    "open_failed_title": "Не удалось открыть данные",
    "damaged_title": "База данных повреждена",
    "restore": "Восстановить из копии…",
    "close": "Закрыть",
    "pick_copy": "Резервная копия для восстановления",
    "copy_filter": "Базы «Куратора» (*.sqlite *.db);;Все файлы (*)",
    "restored": "База восстановлена из копии:\n{path}\n\nПовреждённая база сохранена: {kept}",
    "start_backup": "Резервная копия при запуске…",
    "crash_title": "Непредвиденная ошибка",
    "opening": (
        "Открываю данные «Куратора»…\n\nЕсли базу сейчас держит другая программа "
        "(антивирус, резервное копирование), подожду несколько секунд."
    ),
    "crash_text": (
        "В программе произошла ошибка. Ваши данные не пострадали: каждое изменение "
        "сохраняется сразу.\n\nПодробности для специалиста записаны в журнал:\n{log}"
    ),
}


def install_translations(app: QApplication) -> list[QTranslator]:
    """Load Qt's own Russian strings (standard buttons, file dialogs)."""
    QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    installed: list[QTranslator] = []
    folders = [
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
        str(resource_path("translations")),
    ]
    for name in ("qtbase_ru",):
        for folder in folders:
            tr = QTranslator(app)
            if tr.load(name, folder):
                app.installTranslator(tr)
                installed.append(tr)
                break
    return installed


def make_excepthook(log_path: Path | None):  # type: ignore[no-untyped-def]
    """An excepthook that logs the error (its kind and frames, never its text, which may name
    people) and shows one Russian dialog saying where the report is."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.error("uncaught exception in %s", __version__, exc_info=(exc_type, exc, tb))
        text = user_message(exc)
        if text != UNEXPECTED:  # a failure with its own sentence (a full disk, a busy file, …)
            QMessageBox.warning(None, APP_NAME, text)
            return
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            TEXTS["crash_title"],
            TEXTS["crash_text"].format(log=log_path or "—"),
        )
        box.exec()

    return hook


@contextmanager
def opening_notice() -> Iterator[None]:
    """A small window «Открываю данные…» while the data folder opens: opening waits up to a
    few seconds when another program holds the database, and the person sees why."""
    notice = QLabel(TEXTS["opening"])
    notice.setWindowTitle(APP_NAME)
    notice.setWindowFlag(Qt.WindowType.SplashScreen)
    notice.setMargin(24)
    notice.setWordWrap(True)
    notice.setMinimumWidth(420)
    notice.show()
    QApplication.processEvents()  # paint it once before the (possibly waiting) open
    try:
        yield
    finally:
        notice.close()
        notice.deleteLater()


def quit_on_signals(app: QApplication) -> QTimer:
    """Close the window normally on Ctrl+C or a shutdown's SIGTERM, so the exit backup is
    taken and the lock released. Python only sees signals between Qt events, hence the
    idle timer."""

    def stop(_signum: int, _frame: object) -> None:
        # Queued, not called: a signal in the last moments of start-up (window shown, event
        # loop not yet running) would be lost, as quit() does nothing before app.exec().
        QTimer.singleShot(0, app.closeAllWindows)
        QTimer.singleShot(0, app.quit)

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, stop)
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(300)
    return timer


def offer_restore(data_dir: Path, message: str) -> bool:
    """The database is damaged: offer to restore a copy (the automatic ones by default).

    Returns True when a copy was restored and the folder can be opened again."""
    # deferred like the data layer in run_gui (timed from _STARTED, after the QApplication)
    from app.models.migrate import migrate
    from app.services.storage import backups
    from app.services.storage.workspace import acquire_lock

    paths = DataPaths(data_dir)
    box = QMessageBox(QMessageBox.Icon.Critical, TEXTS["damaged_title"], message)
    restore = box.addButton(TEXTS["restore"], QMessageBox.ButtonRole.AcceptRole)
    box.addButton(TEXTS["close"], QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is not restore:
        return False
    name, _ = QFileDialog.getOpenFileName(
        None, TEXTS["pick_copy"], str(paths.auto_backups), TEXTS["copy_filter"]
    )
    if not name:
        return False
    try:
        lock = acquire_lock(paths)
        try:
            kept = backups.restore_from(paths, Path(name))
            migrate(paths.db, paths.pre_migration_backups)
        finally:
            lock.release()
    except KuratorError as exc:
        QMessageBox.warning(None, TEXTS["damaged_title"], str(exc))
        return False
    QMessageBox.information(
        None, TEXTS["damaged_title"], TEXTS["restored"].format(path=name, kept=kept or "—")
    )
    return True


def run_gui(data_dir: Path, database: str | None = None) -> int:
    """Open the data folder (or the server database ``database``, the folder then keeping
    only this computer's settings and log) and show the main window; returns the exit code."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Kurator")
    install_translations(app)

    # deferred: the data layer and the window load after the QApplication exists and
    # inside the start-up time measured from _STARTED (benchmarks/run.py)
    from app.services.storage.workspace import open_data

    while True:
        try:
            # The start copy is taken right after the window shows (below), off the UI thread.
            with opening_notice():
                ws = open_data(database, data_dir, start_backup=False)
            break
        except DataDirLockedError as exc:
            QMessageBox.warning(None, TEXTS["locked_title"], str(exc))
            return 2
        except DamagedDatabaseError as exc:
            if database is not None or not offer_restore(data_dir, str(exc)):
                return 1
        except KuratorError as exc:
            QMessageBox.critical(None, TEXTS["open_failed_title"], str(exc))
            return 1

    log_path = setup_logging(ws.paths.logs)
    log.info("started %s with data in %s", __version__, ws.db.describe())
    sys.excepthook = make_excepthook(log_path)

    # deferred: see open_workspace above
    from app.ui.window.main_window import MainWindow

    try:
        window = MainWindow(ws)
    except Exception:
        sys.excepthook(*sys.exc_info())
        ws.close(backup=False)
        return 1
    window.show()
    quit_on_signals(app)
    log.info("window shown")
    # deferred: see open_workspace above
    from app.services.storage import backups

    paths = ws.paths
    jobs = default_runner()
    if not ws.is_server:  # a server's copies are the exchange file and pg_dump
        # a failure is logged by the runner; the curator is not bothered at start-up
        jobs.start(
            lambda _control: backups.auto_backup(paths, "start"),
            title=TEXTS["start_backup"],
            on_done=lambda made: log.info("start backup %s", made),
            on_error=lambda text: log.error("start backup failed: %s", text),
        )
    if os.environ.get("KURATOR_BENCH_EXIT_ON_SHOW"):

        def report_shown() -> None:
            print(f"KURATOR_SHOWN {time.perf_counter() - _STARTED:.3f}", flush=True)
            window.close()

        QTimer.singleShot(0, report_shown)
    try:
        return int(app.exec())
    finally:
        jobs.wait_for_done()  # the start copy, an export in flight
        ws.close(backup=True)
        log.info("closed")


def run_municipal(store: MunicipalStore, logs: Path | None = None) -> int:
    """Show the window in municipal mode over the methodical office's ``store``; returns the
    exit code. ``logs`` is the folder of the log file (none for a store on a server)."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Kurator")
    install_translations(app)
    sys.excepthook = make_excepthook(setup_logging(logs) if logs else None)
    # deferred: the municipal window loads only in municipal mode
    from app.ui.municipal.municipal_window import MunicipalWindow

    window = MunicipalWindow(store)
    window.show()
    quit_on_signals(app)
    try:
        return int(app.exec())
    finally:
        default_runner().wait_for_done()
        store.dispose()
