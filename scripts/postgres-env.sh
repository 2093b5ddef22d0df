#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests and benchmarks, started by the project.
#
#   scripts/postgres-env.sh start [DIR]   installs PostgreSQL from Debian's packages when missing,
#                                         creates a cluster in DIR (a new temporary directory when
#                                         omitted) and starts it on a free loopback port; prints the
#                                         URL postgres://logbook@127.0.0.1:PORT/postgres last.
#   scripts/postgres-env.sh stop DIR      stops that server and removes DIR.
#
# PostgreSQL refuses to run as root: as root, the cluster belongs to the unprivileged user
# `logbook-test` (created when missing); otherwise to the current user. Authentication is
# `trust` on loopback only; the database is the cluster's `postgres`, its superuser `logbook`.
set -euo pipefail

command=${1:-start}
dir=${2:-}

find_bin() {
    local candidate
    for candidate in /usr/lib/postgresql/*/bin; do
        [[ -x "$candidate/pg_ctl" ]] && bin=$candidate
    done
    [[ -n "${bin:-}" ]]
}

as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u logbook-test -- "$@"
    else
        "$@"
    fi
}

case "$command" in
start)
    if ! find_bin; then
        echo "postgres-env: installing PostgreSQL from Debian's packages" >&2
        if [[ $(id -u) -eq 0 ]]; then as_root=(); else as_root=(sudo); fi
        "${as_root[@]}" apt-get update >&2
        "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
        find_bin || { echo "postgres-env: pg_ctl not found after installing postgresql" >&2; exit 1; }
    fi
    if [[ $(id -u) -eq 0 ]] && ! id logbook-test >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin logbook-test
    fi
    if [[ -z "$dir" ]]; then dir=$(mktemp -d -t logbook-postgres.XXXXXX); fi
    mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown logbook-test "$dir"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bin/initdb" -D "$dir/data" -U logbook --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    options="-h 127.0.0.1 -p $port -k $dir -c fsync=on -c max_connections=50"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "$options" -w start >&2 \
        || { cat "$dir/server.log" >&2; exit 1; }
    echo "$port" >"$dir/port"
    echo "postgres-env: server in $dir (stop with: scripts/postgres-env.sh stop $dir)" >&2
    echo "postgres://logbook@127.0.0.1:$port/postgres"
    ;;
stop)
    [[ -n "$dir" ]] || { echo "usage: scripts/postgres-env.sh stop DIR" >&2; exit 2; }
    if [[ -d "$dir/data" ]] && find_bin; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: scripts/postgres-env.sh start [DIR] | stop DIR" >&2
    exit 2
    ;;
esac
