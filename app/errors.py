"""Errors that carry a message meant for the user (in Russian)."""

from __future__ import annotations


class KuratorError(Exception):
    """A failure the user can understand and act on; ``str(err)`` is a Russian sentence."""


class ValidationError(KuratorError):
    """Bad input: ``errors`` maps a field name to the Russian message shown next to it."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(self.errors.values()))


class DataDirLockedError(KuratorError):
    """Another running «Куратор» already works with this data folder."""


class DamagedDatabaseError(KuratorError):
    """The database file fails SQLite's integrity check."""


class NewerDatabaseError(KuratorError):
    """The database was written by a newer version of the program."""
