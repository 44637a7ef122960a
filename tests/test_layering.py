"""Layering: the core (models, services, reports) never imports Qt; reports take plain
data and import no services; no module imports a private name of another."""

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


def _app_imports(path: Path) -> list[tuple[str, str]]:
    """(module, name) of every ``from app… import name`` in the file (``name`` '' for a
    plain ``import app.x``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("app"):
            found += [(node.module, a.name) for a in node.names]
        elif isinstance(node, ast.Import):
            found += [(a.name, "") for a in node.names if a.name.startswith("app")]
    return found


def test_reports_take_plain_data_and_import_no_services() -> None:
    # GIVEN every module of app/reports (pure builders: plain data → files)
    files = list((ROOT / "app" / "reports").rglob("*.py"))
    assert len(files) > 5
    # WHEN their imports are read
    offenders = {
        f"{f.relative_to(ROOT)}: {module}"
        for f in files
        for module, name in _app_imports(f)
        if module == "app.services" or module.startswith("app.services.")
    }
    # THEN none reaches into the services (shared helpers live in app.core)
    assert offenders == set()


def test_no_module_imports_a_private_name_of_another() -> None:
    # GIVEN every module of the app
    files = list((ROOT / "app").rglob("*.py"))
    # WHEN the names they import from app modules are read
    offenders = {
        f"{f.relative_to(ROOT)}: {module}.{name}"
        for f in files
        for module, name in _app_imports(f)
        if name.startswith("_") and not (name.startswith("__") and name.endswith("__"))
    }
    # THEN none is underscored (private to its module); a helper others need is public
    assert offenders == set()
