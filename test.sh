#!/usr/bin/env bash
# Run the whole test suite offscreen: same setup as run.sh plus the test extras, then pytest.
# Extra arguments go to pytest, e.g. ./test.sh -x -k persons. Exit code is pytest's;
# "no tests collected" (pytest exit 5) counts as a failure.
set -euo pipefail

KURATOR_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/bootstrap.sh
source "${KURATOR_ROOT}/scripts/bootstrap.sh"

kurator_system_libs offscreen || exit 1
kurator_venv || exit 1
kurator_install test || exit 1

cd "$KURATOR_ROOT"
export QT_QPA_PLATFORM=offscreen
unset KURATOR_DATA_DIR
status=0
"$KURATOR_PY" -m pytest "$@" || status=$?
if [[ $status -eq 5 ]]; then
    kurator_say "pytest не нашёл ни одного теста — считаю это ошибкой."
    exit 1
fi
exit "$status"
