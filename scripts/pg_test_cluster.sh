#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests: `start DIR` prints the URL to export as
# KURATOR_TEST_PG_URL; `stop DIR` stops it and removes DIR. The server listens only on a unix
# socket inside DIR (no TCP port), and runs as an unprivileged user: the invoking user, or
# `nobody` when that is root (PostgreSQL refuses to run as root).
set -euo pipefail

pg_bin() {
    local ctl
    ctl="$(command -v pg_ctl 2>/dev/null || true)"
    if [[ -z "$ctl" ]]; then
        ctl="$(ls -d /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -n1 || true)"
    fi
    [[ -n "$ctl" ]] || return 1
    dirname "$(readlink -f "$ctl")"
}

as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u nobody -- "$@"
    else
        "$@"
    fi
}

cmd="${1:-}"
dir="${2:-}"
[[ -n "$cmd" && -n "$dir" ]] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }

case "$cmd" in
start)
    bin="$(pg_bin)" || { echo "PostgreSQL (pg_ctl) is not installed" >&2; exit 1; }
    mkdir -p "$dir"
    if [[ $(id -u) -eq 0 ]]; then
        chown nobody "$dir"
    fi
    chmod 700 "$dir"
    # C.UTF-8: text is UTF-8 and sorts by code point whatever the machine's locales are.
    as_owner "$bin/initdb" -D "$dir/data" -U kurator --auth=trust --encoding=UTF8 \
        --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    # fsync off: a throw-away cluster needs no durability, and the tests create many databases.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-k $dir -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bin/createdb" -h "$dir" -U kurator kurator
    echo "postgresql+psycopg://kurator@/kurator?host=$dir"
    ;;
stop)
    bin="$(pg_bin)" || exit 0
    if [[ -d "$dir/data" ]]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
