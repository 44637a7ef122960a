"""The log file in the data folder (``logs/kurator.log``), rotated by size."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path


def setup_logging(log_dir: Path) -> Path | None:
    """Send log records to ``log_dir/kurator.log``; returns the file (None if not writable)."""
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        path = log_dir / "kurator.log"
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_kurator", False)]:
        root.removeHandler(old)
        old.close()
    handler._kurator = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path
