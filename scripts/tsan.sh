#!/usr/bin/env bash
# Runs the concurrency tests under ThreadSanitizer: many appenders, readers and live
# subscribers, rolls and seals in the background, crash loops. Slower than the normal
# suite (a separate build in .build-tsan); not part of every CI run.
#   scripts/tsan.sh [extra swift test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
filter='SubscriptionTests|AppendTests|FaultTests|SealFaultTests|SegmentTests|RecoveryTests|CrashTests'
swift build --build-tests --sanitize=thread --scratch-path .build-tsan
TSAN_OPTIONS="halt_on_error=1 ${TSAN_OPTIONS:-}" \
    swift test --skip-build --sanitize=thread --scratch-path .build-tsan --filter "$filter" "$@"
