#!/usr/bin/env bash
# Builds Logbook and its tests (debug) and runs every suite: the Swift tests, then the Python
# client's tests (offline, and live against a real `logbook serve` that they start and stop), then
# the web viewer's tests in headless Chromium against a real `logbook serve`, then the demo. A
# throwaway PostgreSQL server (scripts/postgres-env.sh) runs for the duration:
# LOGBOOK_TEST_POSTGRES_URL.
# Extra arguments go to `swift test`, e.g.  scripts/test.sh --filter LogbookCLITests
# (with arguments, only the Swift tests run).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

# The PostgreSQL read models are tested against a real server: a throwaway cluster, stopped on exit.
postgres_dir=$(mktemp -d -t logbook-postgres.XXXXXX)
trap 'scripts/postgres-env.sh stop "$postgres_dir"' EXIT
LOGBOOK_TEST_POSTGRES_URL=$(scripts/postgres-env.sh start "$postgres_dir" | tail -1)
export LOGBOOK_TEST_POSTGRES_URL

echo "== swift build --build-tests"
swift build --build-tests

echo "== swift test $*"
swift test "$@"

if [ $# -eq 0 ]; then
    echo "== python client (pytest, with a real logbook serve)"
    python=$(scripts/python-env.sh | tail -1)
    LOGBOOK_BIN="$PWD/.build/debug/logbook" "$python" -m pytest clients/python -q

    echo "== web viewer (pytest, headless Chromium, with a real logbook serve)"
    python=$(scripts/web-env.sh | tail -1)
    LOGBOOK_BIN="$PWD/.build/debug/logbook" "$python" -m pytest web/tests -q

    # The README's first command, on a small workload: it must run through, not only build.
    echo "== scripts/demo.sh (debug build, 300 sessions)"
    if ! LOGBOOK_BIN="$PWD/.build/debug/logbook" scripts/demo.sh 300 >"${TMPDIR:-/tmp}/logbook-demo.log" 2>&1; then
        tail -n 40 "${TMPDIR:-/tmp}/logbook-demo.log"
        echo "scripts/demo.sh failed (its whole output: ${TMPDIR:-/tmp}/logbook-demo.log)" >&2
        exit 1
    fi
    echo "demo ran through"
fi
