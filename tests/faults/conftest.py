"""Shared data of the fault suite: folders built once, copied for each fault."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services.storage.workspace import open_workspace
from tests.faults.faultkit import app


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Fault tests run the real command line many times in child processes (each child has
    its own hang guard): far longer than an ordinary test, so a longer overall limit."""
    for item in items:
        if "tests/faults/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.timeout(1200))


@pytest.fixture(scope="session")
def fault_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("faults")


@pytest.fixture(scope="session")
def empty_school(fault_root: Path) -> Path:
    """A data folder with a migrated, empty database (what a first start leaves)."""
    folder = fault_root / "empty"
    open_workspace(folder, start_backup=False).close(backup=False)
    return folder


@pytest.fixture(scope="session")
def demo_school(fault_root: Path) -> Path:
    """The demo school, made by the real command line."""
    folder = fault_root / "demo"
    run = app("demo", "--data-dir", folder)
    assert run.code == 0, run.err
    return folder


@pytest.fixture(scope="session")
def demo_exchange(fault_root: Path, demo_school: Path) -> Path:
    """The demo school's exchange file."""
    out = fault_root / "demo.json"
    run = app("export-data", "--data-dir", demo_school, "--out", out)
    assert run.code == 0, run.err
    return out


@pytest.fixture()
def scratch(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path
