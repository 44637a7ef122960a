"""The core (models, services, reports) must never import Qt: ui → services → models only."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = ["app/models", "app/services", "app/reports"]


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_core_modules_import_no_qt_and_no_ui() -> None:
    # GIVEN every Python file of the core packages
    files = [f for d in CORE for f in (ROOT / d).rglob("*.py")]
    assert len(files) > 5
    # WHEN their imports are read
    offenders = {
        str(f.relative_to(ROOT)): name
        for f in files
        for name in _imports(f)
        if name.startswith(("PySide6", "shiboken6", "app.ui"))
    }
    # THEN none reaches for Qt or the UI package
    assert offenders == {}


def test_importing_the_whole_core_loads_no_qt() -> None:
    # GIVEN a fresh interpreter WHEN it imports every core module
    modules = [
        ".".join(f.relative_to(ROOT).with_suffix("").parts)
        for d in CORE for f in (ROOT / d).rglob("*.py")
        if "migrations" not in f.parts and f.name != "__init__.py"
    ]
    code = "import sys\n" + "".join(f"import {m}\n" for m in modules) + (
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    # THEN no Qt module got loaded along the way
    assert out.stdout.strip() == "[]"
