"""Database files the tests copy instead of rebuilding: the migrated empty one, demo schools."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

from app.paths import DataPaths
from app.services.demo.demo import create_demo
from app.services.storage.workspace import Workspace, open_workspace

# ``demo_school(today=None)`` of tests/conftest.py: a data folder holding the demo school.
DemoSchool = Callable[..., Workspace]
# ``demo_summary(today)``: what ``create_demo`` returned when that school was built.
DemoSummary = Callable[[dt.date], str]


class PrebuiltDatabases:
    """Database files made once per session: the migrated empty one and demo schools by date."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        root = folder / "empty"
        open_workspace(root, start_backup=False).close(backup=False)
        self.empty = DataPaths(root).db
        self._demos: dict[dt.date, tuple[Path, str]] = {}

    def demo(self, today: dt.date) -> tuple[Path, str]:
        """The demo school built for ``today`` (on first request) and ``create_demo``'s summary."""
        if today not in self._demos:
            ws = self.open_copy(self.empty, self.folder / f"demo-{today.isoformat()}")
            try:
                summary = create_demo(ws.db, today=today)
            finally:
                ws.close(backup=False)
            self._demos[today] = (ws.paths.db, summary)
        return self._demos[today]

    def open_empty(self, root: Path) -> Workspace:
        """Open a new data folder ``root`` as if empty: migrated, reference lists seeded."""
        return self.open_copy(self.empty, root)

    @staticmethod
    def open_copy(db_file: Path, root: Path) -> Workspace:
        """Open a new data folder ``root`` holding a copy of ``db_file``."""
        root.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(db_file, DataPaths(root).db)
        return open_workspace(root, start_backup=False)
