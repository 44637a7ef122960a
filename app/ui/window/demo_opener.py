"""«Посмотреть на примере»: the demo school opened in its own folder and its own window,
beside the real one (whose database and lock are never touched)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMainWindow, QWidget

from app.errors import KuratorError
from app.services.storage.workspace import Workspace
from app.ui.common import dialogs
from app.ui.common.jobs import default_runner

log = logging.getLogger(__name__)

TEXTS = {
    "failed_title": "Пример не открыт",
    "building": "Готовлю пример: вымышленная школа…",
}


class DemoOpener:
    """Owned by the real window. ``make_window(ws)`` builds the demo's window (a main window
    marked as the demo); the demo folder is filled on first use in the background."""

    def __init__(
        self,
        real_root: Path,
        make_window: Callable[[Workspace], QMainWindow],
        parent: QWidget,
    ) -> None:
        self.real_root = real_root
        self.make_window = make_window
        self.parent = parent
        self.window: QMainWindow | None = None
        self.building = False

    def open(self) -> QMainWindow | None:
        """Show the demo's window (raised when already open). Returns it when shown now;
        None while the demo is being built (it shows when ready) or when it failed."""
        if self.window is not None and self.window.isVisible():
            self.window.raise_()
            self.window.activateWindow()
            return self.window
        if self.building:
            return None
        # deferred: the demo builder brings the document writers (python-docx) in; the
        # window starts without them
        from app.services.demo import demo_folder

        try:
            ws = demo_folder.open_demo(self.real_root)
        except KuratorError as exc:
            dialogs.show_warning(self.parent, TEXTS["failed_title"], str(exc))
            return None
        try:
            empty = demo_folder.needs_filling(ws)
        except Exception:
            ws.close(backup=False)
            raise
        if not empty:
            return self._show(ws)
        self.building = True
        default_runner().start(
            lambda _control: demo_folder.fill(ws),
            title=TEXTS["building"],
            writes_db=True,
            on_done=lambda _summary: self._built(ws),
            on_error=lambda text: self._failed(ws, text),
        )
        return None

    def close(self) -> bool:
        """Close the demo's window (with the real one); False when it stays open."""
        if self.window is None or not self.window.isVisible():
            return True
        return bool(self.window.close())

    def _built(self, ws: Workspace) -> None:
        self.building = False
        self._show(ws)

    def _failed(self, ws: Workspace, text: str) -> None:
        self.building = False
        ws.close(backup=False)
        dialogs.show_warning(self.parent, TEXTS["failed_title"], text)

    def _show(self, ws: Workspace) -> QMainWindow | None:
        try:
            window = self.make_window(ws)
        except Exception:
            log.exception("the demo window could not be built")
            ws.close(backup=False)
            raise
        self.window = window
        window.show()
        window.raise_()
        return window
