"""Where the data folder and the bundled resources are, in every way the app can be started."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

ENV_DATA_DIR = "KURATOR_DATA_DIR"
PORTABLE_MARKER = "kurator-portable"
DB_FILE = "kurator.sqlite"


def is_frozen() -> bool:
    """True inside the PyInstaller bundle."""
    return bool(getattr(sys, "frozen", False))


def app_root() -> Path:
    """The folder of the executable (frozen) or of the source checkout."""
    if is_frozen():
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    """Absolute path of a file under ``resources/``, in the source tree or the bundle."""
    base = Path(getattr(sys, "_MEIPASS", app_root()))
    return base.joinpath("resources", *parts)


def default_data_dir() -> Path:
    """The per-user data folder of the operating system (e.g. %LOCALAPPDATA%\\Kurator)."""
    return Path(platformdirs.user_data_dir("Kurator", appauthor=False, roaming=False))


def resolve_data_dir(cli_value: str | None = None, root: Path | None = None) -> Path:
    """Pick the data folder: ``--data-dir``, then ``KURATOR_DATA_DIR``, then portable mode
    (a ``kurator-portable`` file next to the executable keeps data in ``data/`` beside it),
    then the per-user folder."""
    if cli_value:
        return Path(cli_value).expanduser().resolve()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser().resolve()
    root = root or app_root()
    if (root / PORTABLE_MARKER).exists():
        return root / "data"
    return default_data_dir()


@dataclass(frozen=True)
class DataPaths:
    """Every file the app keeps in its data folder."""

    root: Path

    @property
    def db(self) -> Path:
        return self.root / DB_FILE

    @property
    def lock(self) -> Path:
        return self.root / "kurator.lock"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def auto_backups(self) -> Path:
        return self.backups / "auto"

    @property
    def pre_migration_backups(self) -> Path:
        return self.backups / "before-migration"

    @property
    def pre_restore_backups(self) -> Path:
        return self.backups / "before-restore"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def settings(self) -> Path:
        return self.root / "settings.ini"

    def ensure(self) -> None:
        """Create the folder tree (not the database)."""
        for d in (self.root, self.auto_backups, self.pre_migration_backups,
                  self.pre_restore_backups, self.logs):
            d.mkdir(parents=True, exist_ok=True)
