"""The log file in the data folder (``logs/kurator.log``), rotated by size, without personal
data: failures are recorded by kind and place (file, line, function), never by their message,
which may quote a name, a phone or the parameters of an SQL statement."""

from __future__ import annotations

import logging
import logging.handlers
import traceback
from pathlib import Path
from types import TracebackType

_ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


class PrivateFormatter(logging.Formatter):
    """Formats exceptions as their types and stack frames only (chained ones included)."""

    def format(self, record: logging.LogRecord) -> str:
        # Another handler may have cached the standard rendering (with the message) on the
        # record: always render our own, and leave the record as it was for the others.
        cached = record.exc_text
        record.exc_text = None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached

    def formatException(self, ei: _ExcInfo | tuple[None, None, None]) -> str:  # noqa: N802
        exc = ei[1]
        parts: list[str] = []
        seen: set[int] = set()
        while exc is not None and id(exc) not in seen:
            seen.add(id(exc))
            frames = traceback.extract_tb(exc.__traceback__)
            lines = [f"  {f.filename}:{f.lineno} in {f.name}" for f in frames]
            parts.append("\n".join([f"{type(exc).__module__}.{type(exc).__qualname__}", *lines]))
            exc = exc.__cause__ or exc.__context__
        return "\n caused by ".join(parts)


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
    handler.setFormatter(PrivateFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_kurator", False)]:
        root.removeHandler(old)
        old.close()
    handler._kurator = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path
