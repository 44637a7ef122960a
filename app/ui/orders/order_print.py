"""Printing an order to Word (one package or separate files, optional PDF) off the UI thread."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QWidget,
)

from app.errors import KuratorError
from app.models.db import Database
from app.services.documents import pdf
from app.services.documents.exports import export_order_files
from app.services.orders.order_document import printable_stem
from app.services.storage.workspace import Workspace
from app.ui.common.jobs import Job, JobControl, default_runner

TEXTS = {
    "split": "Отдельными файлами",
    "split_tip": "Приказ, каждое приложение и лист ознакомления — в отдельных файлах Word.",
    "pdf": "Также PDF",
    "pdf_tip": "Сделать рядом копию в PDF (через LibreOffice).",
    "busy": "Готовится документ…",
    "save_title": "Сохранить приказ",
    "filter": "Документ Word (*.docx)",
    "folder_title": "Папка для файлов приказа",
    "done_title": "Готово",
    "done_file": "Приказ сохранён:\n{path}",
    "done_folder": "Файлы приказа ({count}) сохранены в папке:\n{path}",
    "done_pdf": "\n\nКопия в PDF: {names}",
    "open": "Открыть",
    "open_pdf": "Открыть PDF",
    "close": "Закрыть",
    "error_title": "Не получилось",
}


@dataclass
class PrintResult:
    """What a print wrote: the file (or folder for separate files), the .docx files, PDFs."""

    target: Path
    files: list[Path] = field(default_factory=list)
    pdfs: list[Path] = field(default_factory=list)


def print_order(
    db: Database,
    order_id: int,
    target: Path,
    split: bool,
    with_pdf: bool,
    control: JobControl | None = None,
) -> PrintResult:
    """The background job: write the order, then the PDF copies one by one (a cancel asked
    for meanwhile stops before the next copy; the files already written stay)."""
    files = export_order_files(db, order_id, target, split)
    pdfs: list[Path] = []
    if with_pdf:
        for done, f in enumerate(files, start=1):
            if control is not None:
                control.check()
            pdfs.append(pdf.convert_to_pdf(f, f.parent))
            if control is not None:
                control.progress(done, len(files))
    return PrintResult(target if split else files[0], files, pdfs)


class PrintPanel(QWidget):
    """The print options, the button and a busy indicator; the window stays usable.

    The owner connects ``button`` to its own slot (the editor saves first) and calls
    ``start(order_id)``. ``finished(PrintResult)`` is emitted after a successful print."""

    finished = Signal(object)

    def __init__(self, ws: Workspace, button_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws  # ws.db is read at print time: a restore replaces the database object
        self.job: Job | None = None
        self.split = QCheckBox(TEXTS["split"])
        self.split.setToolTip(TEXTS["split_tip"])
        self.pdf = QCheckBox(TEXTS["pdf"])
        self.pdf.setToolTip(TEXTS["pdf_tip"])
        self.pdf.setVisible(pdf.soffice_path() is not None)
        self.button = QPushButton(button_text)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy_label = QLabel(TEXTS["busy"])
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.busy_label)
        lay.addWidget(self.busy)
        lay.addWidget(self.split)
        lay.addWidget(self.pdf)
        lay.addWidget(self.button)
        self._set_busy(False)

    @property
    def running(self) -> bool:
        return self.job is not None

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.busy_label.setVisible(busy)
        self.button.setEnabled(not busy)

    # --- dialogs, overridable in tests -------------------------------------------------
    def choose_file(self, suggested: str) -> Path | None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name, _ = QFileDialog.getSaveFileName(
            self, TEXTS["save_title"], str(Path(folder) / suggested), TEXTS["filter"]
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".docx" else path.with_name(path.name + ".docx")

    def choose_folder(self) -> Path | None:
        folder = QFileDialog.getExistingDirectory(self, TEXTS["folder_title"])
        return Path(folder) if folder else None

    def show_done(self, result: PrintResult) -> None:
        """«Готово» with «Открыть» (and «Открыть PDF»)."""
        if result.target.is_dir():
            text = TEXTS["done_folder"].format(count=len(result.files), path=result.target)
        else:
            text = TEXTS["done_file"].format(path=result.target)
        if result.pdfs:
            text += TEXTS["done_pdf"].format(names=", ".join(p.name for p in result.pdfs))
        box = QMessageBox(QMessageBox.Icon.Information, TEXTS["done_title"], text, parent=self)
        open_button = box.addButton(TEXTS["open"], QMessageBox.ButtonRole.AcceptRole)
        open_pdf = (
            box.addButton(TEXTS["open_pdf"], QMessageBox.ButtonRole.ActionRole)
            if len(result.pdfs) == 1 and not result.target.is_dir()
            else None
        )
        close = box.addButton(TEXTS["close"], QMessageBox.ButtonRole.RejectRole)
        box.setEscapeButton(close)
        box.exec()
        if box.clickedButton() is open_button:
            self.open_path(result.target)
        elif open_pdf is not None and box.clickedButton() is open_pdf:
            self.open_path(result.pdfs[0])

    def show_error(self, text: str) -> None:
        QMessageBox.warning(self, TEXTS["error_title"], text)

    def open_path(self, path: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    # --- the job -----------------------------------------------------------------------
    def start(self, order_id: int) -> Job | None:
        """Ask where to save, then print in the background; None if cancelled or refused."""
        if self.running:
            return None
        try:
            stem = printable_stem(self.ws.db, order_id)
        except KuratorError as exc:
            self.show_error(str(exc))
            return None
        split = self.split.isChecked()
        target = self.choose_folder() if split else self.choose_file(stem + ".docx")
        if target is None:
            return None
        # isHidden, not isVisible: the option counts while the window is minimised too
        with_pdf = not self.pdf.isHidden() and self.pdf.isChecked()
        db = self.ws.db
        self._set_busy(True)
        self.job = default_runner().start(
            lambda control: print_order(db, order_id, target, split, with_pdf, control),
            title=TEXTS["busy"],
            on_done=self._done,
            on_error=self.show_error,
            can_cancel=with_pdf,
        )
        self.job.ended.connect(self._ended)
        return self.job

    def _ended(self) -> None:
        self.job = None
        self._set_busy(False)

    def _done(self, result: PrintResult) -> None:
        self._ended()
        self.finished.emit(result)
        self.show_done(result)
