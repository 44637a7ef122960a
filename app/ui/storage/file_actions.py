"""Menu actions that move whole files: backups, restore, the exchange file, table exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.errors import KuratorError
from app.models.db import ON_SERVER
from app.services.documents.exports import KINDS, run_export
from app.services.storage import backups
from app.services.storage.workspace import Workspace
from app.ui.common.jobs import Job, default_runner

TEXTS = {
    "backup": "Создать резервную копию…",
    "restore": "Восстановить из копии…",
    "export_data": "Выгрузить файл обмена…",
    "import_data": "Загрузить файл обмена…",
    "send_municipal": "Отправить в методический кабинет…",
    "send_municipal_title": "Файл для методического кабинета",
    "pick_backup_folder": "Папка для резервной копии (например, флешка)",
    "backup_done": "Резервная копия сохранена:\n{path}",
    "pick_restore": "Резервная копия для восстановления",
    "restore_filter": "Базы «Куратора» (*.sqlite *.db);;Все файлы (*)",
    "restore_confirm": (
        "База будет заменена копией:\n{path}\n\nВ копии участников: {persons}.\n"
        "Текущая база сохранится в папке резервных копий (before-restore). Продолжить?"
    ),
    "restore_done": "База восстановлена из копии.\nПрежняя база сохранена: {kept}",
    "exchange_filter": "Файл обмена «Куратора» (*.json)",
    "export_data_title": "Выгрузить файл обмена",
    "import_data_title": "Загрузить файл обмена",
    "import_confirm": (
        "Все данные в программе будут заменены содержимым файла:\n{path}\n\n"
        "Перед заменой будет сделана резервная копия текущей базы. Продолжить?"
    ),
    "export_title": "Сохранить как",
    "error_title": "Не получилось",
    "done_title": "Готово",
    "job_backup": "Сохраняю резервную копию…",
    "job_export_data": "Выгружаю файл обмена…",
    "job_send_municipal": "Готовлю файл для методического кабинета…",
    "job_import_data": "Загружаю файл обмена…",
    "job_export": "Сохраняю документ…",
}


FORMAT_NAMES = {".xlsx": "Книга Excel", ".docx": "Документ Word"}


class FileActions(QObject):
    """Owns the QActions for backups, restore, exchange and exports, and runs them."""

    def __init__(
        self, ws: Workspace, window: QWidget, on_data_replaced: Callable[[], None]
    ) -> None:
        super().__init__(window)
        self.ws = ws
        self.window = window
        self.on_data_replaced = on_data_replaced
        self._jobs: list[Job] = []
        self.backup_action = self._action(TEXTS["backup"], self.backup)
        self.restore_action = self._action(TEXTS["restore"], self.restore)
        self.export_data_action = self._action(TEXTS["export_data"], self.export_data)
        self.import_data_action = self._action(TEXTS["import_data"], self.import_data)
        self.send_municipal_action = self._action(TEXTS["send_municipal"], self.send_municipal)
        self.export_actions = self._export_actions()

    def _action(self, text: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(slot)
        return action

    def _export_actions(self) -> list[QAction]:
        actions = []
        for kind, spec in KINDS.items():
            if spec.needs_id:  # orders are printed from their own list
                continue
            action = QAction(f"{spec.title}…", self)
            action.triggered.connect(lambda _=False, k=kind: self.export(k))
            actions.append(action)
        return actions

    # --- dialogs, overridable in tests -------------------------------------------------
    def choose_folder(self, title: str) -> Path | None:
        folder = QFileDialog.getExistingDirectory(self.window, title)
        return Path(folder) if folder else None

    def choose_open(self, title: str, filters: str) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(self.window, title, "", filters)
        return Path(name) if name else None

    def choose_save(self, title: str, suggested: str, filters: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(self.window, title, suggested, filters)
        return Path(name) if name else None

    def confirm(self, text: str) -> bool:
        answer = QMessageBox.question(self.window, "Подтверждение", text)
        return answer == QMessageBox.StandardButton.Yes

    def inform(self, text: str) -> None:
        QMessageBox.information(self.window, TEXTS["done_title"], text)

    def fail(self, text: str) -> None:
        QMessageBox.warning(self.window, TEXTS["error_title"], text)

    # --- background runner ------------------------------------------------------------
    def _run(
        self,
        fn: Callable[[], Any],
        title: str,
        done: Callable[[Any], None],
        writes_db: bool = False,
    ) -> Job:
        """The window is greyed out until the job ends; failures go to ``fail``."""
        job = default_runner().start(
            lambda _control: fn(),
            title=title,
            on_done=done,
            on_error=self.fail,
            writes_db=writes_db,
            disable=[self.window],
        )
        self._jobs.append(job)
        job.ended.connect(lambda: self._jobs.remove(job))
        return job

    @property
    def running(self) -> bool:
        """True while one of these actions is still working in the background."""
        return bool(self._jobs)

    # --- actions -----------------------------------------------------------------------
    def _refused_on_server(self) -> bool:
        """A copy of the file and a restore from one do not apply to a server database:
        say so (how a server's data is copied) instead of asking for a folder."""
        if not self.ws.is_server:
            return False
        self.fail(ON_SERVER)
        return True

    def backup(self) -> Job | None:
        if self._refused_on_server():
            return None
        folder = self.choose_folder(TEXTS["pick_backup_folder"])
        if folder is None:
            return None
        paths = self.ws.paths
        return self._run(
            lambda: backups.backup_to(paths, folder),
            TEXTS["job_backup"],
            lambda path: self.inform(TEXTS["backup_done"].format(path=path)),
        )

    def restore(self) -> bool:
        if self._refused_on_server():
            return False
        source = self.choose_open(TEXTS["pick_restore"], TEXTS["restore_filter"])
        if source is None:
            return False
        try:
            report = backups.inspect_copy(source)
            if report.integrity != "ok":
                raise KuratorError(f"Копия повреждена ({report.integrity}); база не изменена.")
            if not self.confirm(
                TEXTS["restore_confirm"].format(path=source, persons=report.persons)
            ):
                return False
            self.ws.db.dispose()
            kept = backups.restore_from(self.ws.paths, source)
            self.ws.reopen()
        except KuratorError as exc:
            self.ws.reopen()
            self.fail(str(exc))
            return False
        self.on_data_replaced()
        self.inform(TEXTS["restore_done"].format(kept=kept or "—"))
        return True

    def export_data(self) -> Job | None:
        # deferred: the exchange format loads when used, not at start-up
        from app.services.storage import exchange

        suggested = f"kurator-обмен-{dt.date.today():%Y-%m-%d}.json"
        target = self.choose_save(TEXTS["export_data_title"], suggested, TEXTS["exchange_filter"])
        if target is None:
            return None
        db = self.ws.db
        return self._run(
            lambda: exchange.export_data(db, target), TEXTS["job_export_data"], self.inform
        )

    def send_municipal(self) -> Job | None:
        """The exchange file minimised for the municipal methodical office (no contacts,
        birth dates or notes), written in the background."""
        # deferred: the exchange format loads when used, not at start-up
        from app.services.storage import exchange

        suggested = f"kurator-для-ГМК-{dt.date.today():%Y-%m-%d}.json"
        target = self.choose_save(
            TEXTS["send_municipal_title"], suggested, TEXTS["exchange_filter"]
        )
        if target is None:
            return None
        db = self.ws.db
        return self._run(
            lambda: exchange.export_data(db, target, for_municipality=True),
            TEXTS["job_send_municipal"],
            self.inform,
        )

    def import_data(self) -> Job | None:
        # deferred: the exchange format loads when used, not at start-up
        from app.services.storage import exchange

        source = self.choose_open(TEXTS["import_data_title"], TEXTS["exchange_filter"])
        if source is None:
            return None
        try:
            # a wrong file (or one cut down for the municipal office) is named before
            # anything is asked
            exchange.refuse_minimised(source, exchange.read_exchange(source))
        except KuratorError as exc:
            self.fail(str(exc))
            return None
        if not self.confirm(TEXTS["import_confirm"].format(path=source)):
            return None
        paths, db = self.ws.paths, self.ws.db
        server = self.ws.is_server

        def job() -> str:
            if not server:  # a server's import is one transaction: a failure changes nothing
                backups.auto_backup(paths, "import")
            return str(exchange.import_data(db, source))

        def done(summary: str) -> None:
            self.on_data_replaced()
            self.inform(summary)

        return self._run(job, TEXTS["job_import_data"], done, writes_db=True)

    def export(self, kind: str, title: str | None = None, **options: Any) -> Job | None:
        """Ask where to save ``kind`` (suggested name ``title``), then write it in the
        background; ``options`` go to the builder (e.g. ``teacher=12``)."""
        spec = KINDS[kind]
        ext = spec.extensions[0]
        filters = ";;".join(f"{FORMAT_NAMES.get(e, e)} (*{e})" for e in spec.extensions)
        suggested = (title or spec.title).replace("/", "-")
        target = self.choose_save(TEXTS["export_title"], f"{suggested}{ext}", filters)
        if target is None:
            return None
        db = self.ws.db
        return self._run(
            lambda: run_export(db, kind, target, **options),
            TEXTS["job_export"],
            lambda path: self.inform(f"Файл сохранён:\n{path}"),
        )
