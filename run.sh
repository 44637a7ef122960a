#!/usr/bin/env bash
# Start «Куратор» from the source folder: checks system libraries and Python, creates .venv,
# installs the app when pyproject.toml changed, then runs `python -m app "$@"`.
# Examples: ./run.sh            (the window)
#           ./run.sh demo       (fill the data folder with a demo school)
#           ./run.sh --help     (all commands)
set -euo pipefail

KURATOR_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/bootstrap.sh
source "${KURATOR_ROOT}/scripts/bootstrap.sh"

# Sub-commands and help do not open a window: missing window libraries are only a warning.
mode="gui"
for arg in "$@"; do
    case "$arg" in
        -h|--help|--version|demo|import-staff|export|backup|restore|check|export-data|import-data)
            mode="cli"; break ;;
    esac
done

kurator_system_libs "$mode" || exit 1
kurator_venv || exit 1
kurator_install "" || exit 1

cd "$KURATOR_ROOT"
exec "$KURATOR_PY" -m app "$@"
