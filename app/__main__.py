"""Entry point: ``python -m app`` and the packaged ``kurator`` executable."""

from __future__ import annotations

import os
import sys


def main() -> None:
    # A windowed Windows build has no console: give print() somewhere harmless to write.
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    # deferred: after the console streams are set up
    from app.cli import main as cli_main

    sys.exit(cli_main())


if __name__ == "__main__":
    main()
