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
        for d in CORE
        for f in (ROOT / d).rglob("*.py")
        if "migrations" not in f.parts and f.name != "__init__.py"
    ]
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + ("print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))")
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
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


# The one-way order of the app's parts, lowest first: a module may import only from its own
# part or from a part listed before it. Features inside services and ui are parts of their own.
PARTS = [
    "app",  # the package itself: its version only
    "app.errors",
    "app.paths",
    "app.logsetup",
    "app.core",
    "app.models",
    "app.reports",
    "app.services",
    "app.services.school",
    "app.services.people",
    "app.services.grid",
    "app.services.programs",
    "app.services.pairs",
    "app.services.orders",
    "app.services.storage",
    "app.services.monitoring",
    "app.services.agenda",
    "app.services.documents",
    "app.services.demo",
    "app.services.municipal",
    "app.ui",
    "app.ui.common",
    "app.ui.school",
    "app.ui.people",
    "app.ui.storage",
    "app.ui.grid",
    "app.ui.programs",
    "app.ui.pairs",
    "app.ui.orders",
    "app.ui.monitoring",
    "app.ui.agenda",
    "app.ui.municipal",
    "app.ui.window",
    "app.cli",
    "app.__main__",
]


_ROOTS = {"app", "app.services", "app.ui"}  # packages that only hold their docstring


def _module_graph() -> dict[str, set[str]]:
    """Module → the app modules it imports anywhere in its text (module level, inside
    functions and under ``TYPE_CHECKING`` alike: an import hidden in a function still ties
    the two modules)."""
    files = {
        ".".join(f.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): f
        for f in (ROOT / "app").rglob("*.py")
        if "migrations" not in f.parts
    }
    graph: dict[str, set[str]] = {m: set() for m in files}
    for module, path in files.items():
        for target, name in _app_imports(path):
            for candidate in (f"{target}.{name}", target):
                if candidate in files and candidate != module:
                    graph[module].add(candidate)
                    break
    return graph


def _part(module: str) -> str:
    matches = [p for p in PARTS if module == p or (p not in _ROOTS and module.startswith(p + "."))]
    assert matches, f"{module} belongs to no part of PARTS: add it in its place"
    return max(matches, key=len)


def test_every_module_sits_in_a_part_and_services_and_ui_are_grouped_by_feature() -> None:
    # GIVEN every module of the app WHEN each is placed in its part
    graph = _module_graph()
    loose = [
        m
        for m in graph
        if m.count(".") == 2 and m.startswith(("app.services.", "app.ui.")) and m not in PARTS
    ]
    parts = {m: _part(m) for m in graph}
    # THEN every one has a part, and no module lies loose in app/services or app/ui
    assert len(parts) == len(graph)
    assert loose == []


def test_imports_run_one_way_between_parts() -> None:
    # GIVEN the import graph of the app
    graph = _module_graph()
    rank = {p: i for i, p in enumerate(PARTS)}
    # WHEN each import from one part into another is ranked
    upward = sorted(
        f"{source} → {target}"
        for source, targets in graph.items()
        for target in targets
        if rank[_part(target)] > rank[_part(source)]
    )
    # THEN none points up (orders use pairs and programs, never the other way round)
    assert upward == []


def test_no_import_cycles_between_modules() -> None:
    # GIVEN the import graph of the app (function-level imports included)
    graph = _module_graph()
    # WHEN it is searched for cycles (iterative depth-first search)
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    for root in graph:
        if root in state:
            continue
        stack: list[tuple[str, list[str]]] = [(root, sorted(graph[root]))]
        path = [root]
        state[root] = 1
        while stack:
            node, todo = stack[-1]
            if not todo:
                state[node] = 2
                stack.pop()
                path.pop()
                continue
            nxt = todo.pop()
            if state.get(nxt) == 1:
                cycles.append(path[path.index(nxt) :] + [nxt])
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, sorted(graph[nxt])))
    # THEN there is none
    assert cycles == []


def test_every_import_inside_a_function_says_why_it_is_deferred() -> None:
    # GIVEN every module of the app (migration scripts aside: Alembic loads them by itself)
    files = [f for f in (ROOT / "app").rglob("*.py") if "migrations" not in f.parts]
    # WHEN each import inside a function is traced up its group of imports to the line above
    silent: list[str] = []
    for path in files:
        lines = path.read_text(encoding="utf-8").splitlines()
        inner = {
            statement.lineno
            for node in ast.walk(ast.parse("\n".join(lines)))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            for statement in ast.walk(node)
            if isinstance(statement, ast.Import | ast.ImportFrom)
        }
        for lineno in sorted(inner):
            above = lineno - 1  # 1-based number of the line above
            while above >= 1 and lines[above - 1].strip().startswith(("from ", "import ")):
                above -= 1
            comment = ""
            while above >= 1 and lines[above - 1].strip().startswith("#"):
                comment += lines[above - 1]  # the whole comment block above the group
                above -= 1
            if "deferred" not in comment and "deferred" not in lines[lineno - 1]:
                silent.append(f"{path.relative_to(ROOT)}:{lineno}")
    # THEN each says it is deferred for start-up speed (an import hidden in a function to
    # dodge a cycle is a cycle: the test above catches those)
    assert silent == []
