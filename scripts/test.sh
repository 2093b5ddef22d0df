#!/usr/bin/env bash
# Builds Logbook and its tests (debug) and runs them. Extra arguments go to `swift test`,
# e.g.  scripts/test.sh --filter LogbookCLITests
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh

echo "== swift build --build-tests"
swift build --build-tests

echo "== swift test $*"
swift test "$@"
