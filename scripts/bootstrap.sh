# shellcheck shell=bash
# Shared setup for run.sh, test.sh and .ci/run: system libraries for Qt, a Python >= 3.11
# with venv, the project's .venv and `pip install -e .[extras]` only when pyproject.toml changed.
# Sourced, not executed. Needs KURATOR_ROOT set to the project folder.

KURATOR_VENV="${KURATOR_ROOT}/.venv"
KURATOR_PY="${KURATOR_VENV}/bin/python"

# Libraries every Qt start needs (offscreen included): soname -> Debian package candidates
# (the first one apt knows is taken; Ubuntu 24.04 / Debian 13 renamed some to *t64).
_KURATOR_CORE_LIBS=(
    "libEGL.so.1=libegl1"
    "libGL.so.1=libgl1"
    "libfontconfig.so.1=libfontconfig1"
    "libglib-2.0.so.0=libglib2.0-0t64|libglib2.0-0"
    "libxkbcommon.so.0=libxkbcommon0"
    "libdbus-1.so.3=libdbus-1-3"
)
# Libraries the xcb platform plugin needs for a real window under X11.
_KURATOR_X11_LIBS=(
    "libxcb-cursor.so.0=libxcb-cursor0"
    "libxcb-icccm.so.4=libxcb-icccm4"
    "libxcb-keysyms.so.1=libxcb-keysyms1"
    "libxcb-shape.so.0=libxcb-shape0"
    "libxcb-xkb.so.1=libxcb-xkb1"
    "libxkbcommon-x11.so.0=libxkbcommon-x11-0"
    "libxcb-render-util.so.0=libxcb-render-util0"
    "libxcb-image.so.0=libxcb-image0"
)
# Fonts: Cyrillic for the interface, Times-metric (Liberation Serif) for the documents.
_KURATOR_FONTS=(
    "DejaVuSans.ttf=fonts-dejavu-core"
    "LiberationSerif-Regular.ttf=fonts-liberation2|fonts-liberation"
)

kurator_say() { printf '%s\n' "$*" >&2; }

_kurator_ldconfig() {
    local bin
    for bin in ldconfig /sbin/ldconfig /usr/sbin/ldconfig; do
        if command -v "$bin" >/dev/null 2>&1; then
            "$bin" -p 2>/dev/null
            return 0
        fi
    done
    return 1
}

# Prints the package candidates ("a|b") of every missing entry of the named list.
_kurator_missing() {
    local list_name="$1" cache="$2" entry key pkgs
    local -n list_ref="$list_name"
    for entry in "${list_ref[@]}"; do
        key="${entry%%=*}"
        pkgs="${entry#*=}"
        if [[ "$key" == *.ttf ]]; then
            if ! find /usr/share/fonts /usr/local/share/fonts "${HOME:-/nonexistent}/.local/share/fonts" \
                    -name "$key" -print -quit 2>/dev/null | grep -q .; then
                echo "$pkgs"
            fi
        elif ! grep -q "^[[:space:]]*${key} " <<<"$cache"; then
            echo "$pkgs"
        fi
    done
}

# Maps "a|b" candidates to the first name apt can install (or the last one as a fallback).
_kurator_pick_packages() {
    local cands name chosen
    local -a names
    for cands in "$@"; do
        chosen=""
        IFS='|' read -r -a names <<<"$cands"
        for name in "${names[@]}"; do
            if command -v apt-cache >/dev/null 2>&1 \
                    && apt-cache policy "$name" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
                chosen="$name"
                break
            fi
        done
        echo "${chosen:-${names[-1]}}"
    done
}

_kurator_apt_install() {
    export DEBIAN_FRONTEND=noninteractive
    kurator_say "Устанавливаю системные пакеты: $*"
    apt-get update -qq || return 1
    # Package names are picked after the update so renamed (*t64) packages are found.
    local picked
    mapfile -t picked < <(_kurator_pick_packages "$@")
    apt-get install -y -qq --no-install-recommends "${picked[@]}" >/dev/null || return 1
}

# kurator_system_libs MODE: MODE is "gui" (a real window is wanted), "cli" (Qt may not be
# needed) or "offscreen" (tests, benchmarks). Returns 1 when the run cannot go on.
kurator_system_libs() {
    local mode="$1" cache
    if ! cache="$(_kurator_ldconfig)"; then
        kurator_say "Не найден ldconfig: проверку системных библиотек пропускаю."
        return 0
    fi
    local -a core x11 fonts all
    mapfile -t core < <(_kurator_missing _KURATOR_CORE_LIBS "$cache")
    mapfile -t x11 < <(_kurator_missing _KURATOR_X11_LIBS "$cache")
    mapfile -t fonts < <(_kurator_missing _KURATOR_FONTS "$cache")
    all=("${core[@]}" "${x11[@]}" "${fonts[@]}")
    [[ ${#all[@]} -eq 0 ]] && return 0

    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        if _kurator_apt_install "${all[@]}"; then
            return 0
        fi
        kurator_say "Не удалось установить системные пакеты через apt-get."
    fi

    local -a shown
    mapfile -t shown < <(_kurator_pick_packages "${all[@]}")
    kurator_say ""
    kurator_say "Не хватает системных библиотек для Qt и шрифтов. Установите их командой:"
    if command -v apt-get >/dev/null 2>&1; then
        kurator_say "    sudo apt-get install -y ${shown[*]}"
    else
        kurator_say "    (пакеты Debian/Ubuntu; в вашем дистрибутиве названия могут отличаться)"
        kurator_say "    ${shown[*]}"
    fi
    kurator_say ""
    if [[ ${#core[@]} -gt 0 && "$mode" != "cli" ]]; then
        return 1
    fi
    if [[ ${#x11[@]} -gt 0 && "$mode" == "gui" && -n "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
        return 1
    fi
    kurator_say "Продолжаю без них; часть возможностей может не работать."
    return 0
}

_kurator_python_ok() {
    "$1" -c 'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] < (3, 14) else 1)' \
        >/dev/null 2>&1
}

# Prints a Python interpreter 3.11-3.13: $KURATOR_PYTHON, then python3, then python3.1x.
kurator_find_python() {
    local cand
    for cand in "${KURATOR_PYTHON:-}" python3 python3.13 python3.12 python3.11; do
        [[ -n "$cand" ]] || continue
        if command -v "$cand" >/dev/null 2>&1 && _kurator_python_ok "$cand"; then
            command -v "$cand"
            return 0
        fi
    done
    return 1
}

_kurator_make_venv() {
    local py="$1"
    rm -rf "$KURATOR_VENV"
    kurator_say "Создаю виртуальное окружение Python в ${KURATOR_VENV} …"
    "$py" -m venv "$KURATOR_VENV" >/dev/null 2>&1 && return 0
    rm -rf "$KURATOR_VENV"
    local ver venv_pkg
    ver="$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    venv_pkg="python${ver}-venv"
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        if _kurator_apt_install "$venv_pkg|python3-venv" \
                && "$py" -m venv "$KURATOR_VENV" >/dev/null 2>&1; then
            return 0
        fi
        rm -rf "$KURATOR_VENV"
    fi
    kurator_say "Не удаётся создать виртуальное окружение: в Python нет модуля venv/ensurepip."
    kurator_say "Установите его командой:"
    kurator_say "    sudo apt-get install -y ${venv_pkg}"
    return 1
}

# kurator_venv: make sure .venv exists and runs a suitable Python.
kurator_venv() {
    if [[ -x "$KURATOR_PY" && -f "${KURATOR_VENV}/pyvenv.cfg" ]] && _kurator_python_ok "$KURATOR_PY"; then
        return 0
    fi
    local py
    if ! py="$(kurator_find_python)"; then
        kurator_say "Нужен Python версии 3.11, 3.12 или 3.13 (команда python3)."
        kurator_say "На Debian 12 / Ubuntu 24.04: sudo apt-get install -y python3 python3-venv"
        kurator_say "Другой интерпретатор можно указать так: KURATOR_PYTHON=/путь/к/python3.12 $0"
        return 1
    fi
    _kurator_make_venv "$py"
}

_kurator_stamp_value() {
    local sum
    sum="$(sha256sum "${KURATOR_ROOT}/pyproject.toml" | cut -d' ' -f1)"
    echo "${sum} $("$KURATOR_PY" -c 'import sys; print(sys.version.split()[0])')"
}

# kurator_install EXTRAS: `pip install -e .[EXTRAS]` unless done for this pyproject.toml.
# EXTRAS is "" (just the app), "test" or "build"; a comma list like "test,build" works too.
kurator_install() {
    local extras="$1" stamp value spec
    stamp="${KURATOR_VENV}/.kurator-installed-${extras:-base}"
    value="$(_kurator_stamp_value)"
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$value" ]]; then
        return 0
    fi
    spec="."
    [[ -n "$extras" ]] && spec=".[${extras}]"
    kurator_say "Устанавливаю зависимости (pip install -e '${spec}') — первый раз это несколько минут …"
    if ! (cd "$KURATOR_ROOT" && "$KURATOR_PY" -m pip install --disable-pip-version-check \
            --progress-bar off -q -e "$spec"); then
        kurator_say "Не удалось установить зависимости (нужен доступ к PyPI или локальное зеркало)."
        return 1
    fi
    echo "$value" >"$stamp"
    # Every install includes the app's own dependencies.
    [[ -n "$extras" ]] && echo "$value" >"${KURATOR_VENV}/.kurator-installed-base"
    return 0
}
