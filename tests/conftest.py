"""Test-wide setup: offscreen Qt, a throwaway data folder per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("KURATOR_DATA_DIR", None)

from app.services.storage.workspace import Workspace, open_workspace  # noqa: E402


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    """An opened, migrated, empty data folder (lock held for the test)."""
    workspace = open_workspace(tmp_path / "data")
    try:
        yield workspace
    finally:
        workspace.close(backup=False)


@pytest.fixture
def db(ws: Workspace):  # type: ignore[no-untyped-def]
    """The database of the ``ws`` fixture."""
    return ws.db
