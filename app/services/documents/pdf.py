"""An optional PDF copy of a document through LibreOffice, when it is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from app.errors import KuratorError, user_message

_CANDIDATES = ("soffice", "libreoffice")
_WINDOWS_PATHS = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)
TIMEOUT_S = 180


def soffice_path() -> str | None:
    """The LibreOffice executable, or None (then the PDF option is not offered)."""
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    if os.name == "nt":
        for candidate in _WINDOWS_PATHS:
            if Path(candidate).is_file():
                return candidate
    return None


def convert_to_pdf(document: Path, out_dir: Path) -> Path:
    """Convert ``document`` to PDF in ``out_dir``; returns the PDF's path.

    Uses a throwaway LibreOffice profile so a running LibreOffice of the user is not
    disturbed; the PDF is produced in a temporary folder and moved into place."""
    soffice = soffice_path()
    if soffice is None:
        raise KuratorError("Для PDF нужен LibreOffice, а он не установлен.")
    target = out_dir / (document.stem + ".pdf")
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        produced_dir = Path(tmp) / "out"
        produced_dir.mkdir()
        try:
            done = subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation={profile.as_uri()}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(produced_dir),
                    str(document),
                ],
                capture_output=True,
                timeout=TIMEOUT_S,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise KuratorError("LibreOffice не успел сделать PDF за 3 минуты.") from None
        except OSError as exc:
            raise KuratorError(f"Не удалось запустить LibreOffice. {user_message(exc)}") from exc
        produced = produced_dir / (document.stem + ".pdf")
        if done.returncode != 0 or not produced.is_file():
            raise KuratorError("LibreOffice не смог сделать PDF из документа.")
        try:
            os.replace(produced, target)
        except OSError:
            shutil.move(str(produced), str(target))
    return target
