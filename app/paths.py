"""Where the data folder and the bundled resources are, in every way the app can be started."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from app.errors import KuratorError

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
    then the per-user folder. An empty ``--data-dir ""`` is refused, never read as «the
    user's real folder»."""
    if cli_value is not None:
        if not cli_value.strip():
            raise KuratorError("Папка данных не указана: после --data-dir нужен путь к папке.")
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

    def owns(self, target: Path) -> bool:
        """True when ``target`` is one of the folder's own files (the database, its journal,
        the lock, the settings) or lies in its backups or logs: no export may write there."""
        try:
            resolved = target.expanduser().resolve()
            root = self.root.resolve()
        except OSError:
            return False
        own = {
            root / name
            for name in (
                DB_FILE,
                f"{DB_FILE}-journal",
                f"{DB_FILE}-wal",
                f"{DB_FILE}-shm",
                "kurator.lock",
                "settings.ini",
            )
        }
        inside = (root / "backups", root / "logs")
        return (
            resolved in own
            or resolved == root
            or any(resolved == d or d in resolved.parents for d in inside)
            or resolved.name.endswith(".part")
            and resolved.parent == root
        )

    def refuse_own(self, target: Path) -> None:
        """``KuratorError`` when ``target`` is one of the folder's own files (see ``owns``)."""
        if self.owns(target):
            raise KuratorError(
                f"Нельзя записать выгрузку в {target}: это служебный файл или папка данных "
                "«Куратора» (база, её журнал, резервные копии, журнал программы). Выберите "
                "другое имя или другую папку."
            )

    def ensure(self) -> None:
        """Create the folder tree (not the database), private to the user."""
        for d in (
            self.root,
            self.auto_backups,
            self.pre_migration_backups,
            self.pre_restore_backups,
            self.logs,
        ):
            d.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
        self.make_private()

    def make_private(self) -> None:
        """Personal data of the staff (152-ФЗ) stays with the user who keeps it: on Linux the
        folders become 0700 and the database, lock, settings and logs 0600, whatever an
        older version or a copy left. On Windows the per-user folder's rights do this, and
        ``chmod`` only touches the read-only flag, so nothing is done there."""
        if os.name != "posix":
            return
        for d in (
            self.root,
            self.backups,
            self.auto_backups,
            self.pre_migration_backups,
            self.pre_restore_backups,
            self.logs,
        ):
            _chmod(d, PRIVATE_DIR)
        files = [self.db, self.lock, self.settings]
        for folder in (
            self.logs,
            self.auto_backups,
            self.pre_migration_backups,
            self.pre_restore_backups,
        ):
            if folder.is_dir():
                files += [f for f in folder.iterdir() if f.is_file()]
        for f in files:
            _chmod(f, PRIVATE_FILE)


PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def _chmod(path: Path, mode: int) -> None:
    try:
        if path.exists() and (path.stat().st_mode & 0o777) & ~mode:
            path.chmod(mode)
    except OSError:
        pass  # a file of another user (a shared folder): its owner's rights stay


def private_umask() -> None:
    """New files and folders of this process are the user's alone (0600 / 0700); a stricter
    umask the user set is kept."""
    if os.name == "posix":
        old = os.umask(0o077)
        os.umask(old | 0o077)
